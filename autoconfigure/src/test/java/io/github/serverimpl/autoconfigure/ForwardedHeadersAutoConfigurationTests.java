package io.github.serverimpl.autoconfigure;

import io.github.serverimpl.forwarded.ForwardedHeader;
import io.github.serverimpl.forwarded.TrustedForwardedHeaderTransformer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When forwarded headers are applied, and with which options.
 */
class ForwardedHeadersAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ForwardedHeadersAutoConfiguration.class));

	@Test
	void isOffUnlessAsked() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ForwardedHeaderTransformer.class));
	}

	@Test
	void nativeStrategyAppliesTheXForwardedHeadersWithKestrelsDefaults() {
		this.runner.withPropertyValues("server.forward-headers-strategy=native").run((context) -> {
			assertThat(context).hasBean(WebHttpHandlerBuilder.FORWARDED_HEADER_TRANSFORMER_BEAN_NAME);
			TrustedForwardedHeaderTransformer transformer = context.getBean(TrustedForwardedHeaderTransformer.class);
			assertThat(transformer.getOptions().headers()).containsExactlyInAnyOrder(ForwardedHeader.X_FORWARDED_FOR,
					ForwardedHeader.X_FORWARDED_PROTO, ForwardedHeader.X_FORWARDED_HOST,
					ForwardedHeader.X_FORWARDED_PREFIX);
			assertThat(transformer.getOptions().forwardLimit()).isEqualTo(1);
			assertThat(transformer.getOptions().knownNetworks()).hasToString("[127.0.0.0/8]");
			assertThat(transformer.getOptions().knownProxies()).extracting((address) -> address.getHostAddress())
				.containsExactly("0:0:0:0:0:0:0:1");
			assertThat(context).hasSingleBean(MeterBinder.class);
		});
	}

	@Test
	void namedHeadersTurnItOnWithThoseHeadersOnly() {
		this.runner.withPropertyValues("server.forwarded-headers.headers=forwarded,x-forwarded-for")
			.run((context) -> assertThat(context.getBean(TrustedForwardedHeaderTransformer.class).getOptions().headers())
				.containsExactlyInAnyOrder(ForwardedHeader.FORWARDED, ForwardedHeader.X_FORWARDED_FOR));
	}

	@Test
	void minusOneLiftsTheForwardLimit() {
		this.runner.withPropertyValues("server.forwarded-headers.headers=x-forwarded-for",
				"server.forwarded-headers.forward-limit=-1")
			.run((context) -> assertThat(
					context.getBean(TrustedForwardedHeaderTransformer.class).getOptions().forwardLimit())
				.isNull());
	}

	@Test
	void aMalformedProxyAddressStopsStartUpNamingTheProperty() {
		this.runner
			.withPropertyValues("server.forward-headers-strategy=native",
					"server.forwarded-headers.known-proxies=proxy.internal")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("server.forwarded-headers.known-proxies")
				.hasMessageContaining("expected: an IPv4 or IPv6 address"));
	}

}

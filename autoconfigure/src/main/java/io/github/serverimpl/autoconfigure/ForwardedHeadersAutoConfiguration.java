package io.github.serverimpl.autoconfigure;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.github.serverimpl.forwarded.ForwardedHeader;
import io.github.serverimpl.forwarded.ForwardedHeadersOptions;
import io.github.serverimpl.forwarded.IpNetwork;
import io.github.serverimpl.forwarded.TrustedForwardedHeaderTransformer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

/**
 * Auto-configuration of forwarded headers from trusted proxies: on when
 * {@code server.forwarded-headers.headers} names any, or when
 * {@code server.forward-headers-strategy=native}. Replaces Spring's trust-everyone transformer
 * under the bean name WebFlux looks for, so it applies on every server implementation; Kestrel
 * applies the same transformer to servlet applications.
 */
@AutoConfiguration(beforeName = { ServerImplAutoConfiguration.NETTY, ServerImplAutoConfiguration.TOMCAT,
		ServerImplAutoConfiguration.JETTY })
@ConditionalOnWebApplication
@Conditional(OnForwardedHeadersCondition.class)
@EnableConfigurationProperties(ForwardedHeadersProperties.class)
public final class ForwardedHeadersAutoConfiguration {

	private static final Set<ForwardedHeader> X_FORWARDED = EnumSet.of(ForwardedHeader.X_FORWARDED_FOR,
			ForwardedHeader.X_FORWARDED_PROTO, ForwardedHeader.X_FORWARDED_HOST, ForwardedHeader.X_FORWARDED_PREFIX);

	private static final String PREFIX = "server.forwarded-headers.";

	@Bean(name = WebHttpHandlerBuilder.FORWARDED_HEADER_TRANSFORMER_BEAN_NAME)
	TrustedForwardedHeaderTransformer forwardedHeaderTransformer(ForwardedHeadersProperties properties) {
		Set<ForwardedHeader> headers = properties.getHeaders().isEmpty() ? X_FORWARDED : properties.getHeaders();
		ForwardedHeadersOptions options = new ForwardedHeadersOptions(headers,
				parse(properties.getKnownProxies(), "known-proxies", (text) -> IpNetwork.parse(text).address()),
				parse(properties.getKnownNetworks(), "known-networks", IpNetwork::parse),
				limit(properties.getForwardLimit()), properties.isRequireHeaderSymmetry(),
				properties.getAllowedHosts());
		return new TrustedForwardedHeaderTransformer(options);
	}

	private static <T> List<T> parse(List<String> values, String property, Function<String, T> parser) {
		List<T> parsed = new ArrayList<>();
		for (String value : values) {
			try {
				parsed.add(parser.apply(value));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + property, value, ex.getMessage());
			}
		}
		return parsed;
	}

	private static @Nullable Integer limit(@Nullable Integer limit) {
		if (limit == null || limit == -1) {
			return null;
		}
		if (limit < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "forward-limit", limit,
					"expected 1 or more (the number of proxies in front of the application), or -1 for no limit");
		}
		return limit;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class ForwardedHeadersMetricsConfiguration {

		@Bean
		MeterBinder forwardedHeadersMetrics(TrustedForwardedHeaderTransformer transformer) {
			return (registry) -> FunctionCounter
				.builder("serverimpl.forwarded-headers.untrusted", transformer,
						TrustedForwardedHeaderTransformer::getUntrustedRequestCount)
				.description("Requests whose forwarded headers were ignored because the peer is not a trusted proxy")
				.register(registry);
		}

	}

}

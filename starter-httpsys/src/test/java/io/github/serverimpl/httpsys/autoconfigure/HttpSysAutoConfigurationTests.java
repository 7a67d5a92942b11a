package io.github.serverimpl.httpsys.autoconfigure;

import java.time.Duration;

import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.autoconfigure.ServerImplementationNotAvailableException;
import io.github.serverimpl.httpsys.AuthenticationScheme;
import io.github.serverimpl.httpsys.Http503Verbosity;
import io.github.serverimpl.httpsys.HttpSysOptions;
import io.github.serverimpl.httpsys.HttpSysReactiveWebServerFactory;
import io.github.serverimpl.httpsys.RequestQueueMode;
import io.github.serverimpl.httpsys.UrlPrefix;
import io.github.serverimpl.webflux.AuthenticationFeatureWebFilter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Selecting HTTP.sys, and {@code server.httpsys.*} mapped to the server's options.
 */
class HttpSysAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServerImplAutoConfiguration.class, HttpSysAutoConfiguration.class));

	private final ApplicationContextRunner properties = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void staysOutOfTheWayUnlessSelected() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ReactiveWebServerFactory.class));
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows HTTP.sys exists; this checks the report elsewhere")
	void onAnyOtherOperatingSystemSaysHttpSysIsWindowsOnly() {
		this.runner.withPropertyValues("server.impl=httpsys").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ServerImplementationNotAvailableException.class)
				.hasMessageContaining("HTTP.sys is a Windows-only server")
				.satisfies((ex) -> assertThat(((ServerImplementationNotAvailableException) ex).getAction())
					.startsWith("Use server.impl=kestrel"));
		});
	}

	@Test
	@Tag("windows")
	@EnabledOnOs(OS.WINDOWS)
	void onWindowsMakesHttpSysTheServerWithTheConfiguredOptionsAndThePrincipalFilter() {
		this.runner.withPropertyValues("server.impl=httpsys", "server.httpsys.url-prefixes=http://localhost:5123/")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(AuthenticationFeatureWebFilter.class);
				assertThat(context.getBean(ReactiveWebServerFactory.class))
					.isInstanceOf(HttpSysReactiveWebServerFactory.class);
				assertThat(context.getBean(HttpSysReactiveWebServerFactory.class).getOptions().urlPrefixes())
					.containsExactly(UrlPrefix.parse("http://localhost:5123/"));
			});
	}

	@Test
	void defaultsAreAspNetCoresHttpSysOptions() {
		this.properties.run((context) -> {
			HttpSysOptions options = context.getBean(HttpSysProperties.class).toOptions();
			HttpSysOptions defaults = HttpSysOptions.defaults();
			assertThat(options).isEqualTo(defaults);
			assertThat(defaults.maxRequestBodySize()).isEqualTo(30_000_000L);
			assertThat(defaults.requestQueueLimit()).isEqualTo(1000);
			assertThat(defaults.maxAccepts()).isEqualTo(5 * Runtime.getRuntime().availableProcessors());
			assertThat(defaults.authentication().allowAnonymous()).isTrue();
			assertThat(defaults.enableResponseCaching()).isTrue();
			assertThat(defaults.http503Verbosity()).isEqualTo(Http503Verbosity.BASIC);
		});
	}

	@Test
	void mapsEveryProperty() {
		this.properties.withPropertyValues("server.httpsys.url-prefixes=https://example.com/app,http://+:8080/",
				"server.httpsys.authentication.schemes=negotiate,ntlm",
				"server.httpsys.authentication.allow-anonymous=false", "server.httpsys.max-accepts=3",
				"server.httpsys.max-connections=-1", "server.httpsys.max-request-body-size=-1",
				"server.httpsys.request-queue-limit=5000", "server.httpsys.request-queue-name=orders",
				"server.httpsys.request-queue-mode=create-or-attach", "server.httpsys.enable-response-caching=false",
				"server.httpsys.http503-verbosity=full", "server.httpsys.throw-write-exceptions=true",
				"server.httpsys.use-latin1-request-headers=true", "server.httpsys.timeouts.entity-body=30s",
				"server.httpsys.timeouts.header-wait=10s", "server.httpsys.timeouts.min-send-bytes-per-second=-1")
			.run((context) -> {
				HttpSysOptions options = context.getBean(HttpSysProperties.class).toOptions();
				assertThat(options.urlPrefixes()).extracting(UrlPrefix::toString)
					.containsExactly("https://example.com:443/app/", "http://+:8080/");
				assertThat(options.authentication().schemes())
					.containsExactlyInAnyOrder(AuthenticationScheme.NEGOTIATE, AuthenticationScheme.NTLM);
				assertThat(options.authentication().allowAnonymous()).isFalse();
				assertThat(options.maxAccepts()).isEqualTo(3);
				assertThat(options.maxConnections()).isEqualTo(-1L);
				assertThat(options.maxRequestBodySize()).isNull();
				assertThat(options.requestQueueLimit()).isEqualTo(5000);
				assertThat(options.requestQueueName()).isEqualTo("orders");
				assertThat(options.requestQueueMode()).isEqualTo(RequestQueueMode.CREATE_OR_ATTACH);
				assertThat(options.enableResponseCaching()).isFalse();
				assertThat(options.http503Verbosity()).isEqualTo(Http503Verbosity.FULL);
				assertThat(options.throwWriteExceptions()).isTrue();
				assertThat(options.useLatin1RequestHeaders()).isTrue();
				assertThat(options.timeouts().entityBody()).isEqualTo(Duration.ofSeconds(30));
				assertThat(options.timeouts().headerWait()).isEqualTo(Duration.ofSeconds(10));
				assertThat(options.timeouts().idleConnection()).isNull();
				assertThat(options.timeouts().minSendBytesPerSecond()).isEqualTo(-1L);
			});
	}

	@Test
	void rejectsValuesHttpSysCannotTakeNamingTheProperty() {
		assertInvalid("server.httpsys.url-prefixes=localhost:8080", "server.httpsys.url-prefixes[0]", "no scheme");
		assertInvalid("server.httpsys.url-prefixes=http://localhost:0/", "server.httpsys.url-prefixes[0]",
				"no dynamic ports");
		assertInvalid("server.httpsys.timeouts.idle-connection=20h", "server.httpsys.timeouts.idle-connection",
				"0 to 65535 seconds");
		assertInvalid("server.httpsys.request-queue-mode=attach", "server.httpsys.request-queue-mode",
				"request-queue-name");
		assertInvalid("server.httpsys.max-accepts=0", "server.httpsys.max-accepts", "At least one");
	}

	private void assertInvalid(String property, String name, String reason) {
		this.properties.withPropertyValues(property).run((context) -> assertThatExceptionOfType(
				InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> context.getBean(HttpSysProperties.class).toOptions())
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo(name))
			.satisfies((ex) -> assertThat(ex.getReason()).contains(reason)));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(HttpSysProperties.class)
	static class PropertiesConfiguration {

	}

}

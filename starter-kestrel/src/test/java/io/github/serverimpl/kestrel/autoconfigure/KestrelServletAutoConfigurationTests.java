package io.github.serverimpl.kestrel.autoconfigure;

import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.autoconfigure.ServerImplementationNotAvailableException;
import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How Kestrel is chosen for a servlet application: the default over Spring Boot's Jetty, whose
 * servlet container it uses, backing off for a factory of the application's own, and a report,
 * not Spring Boot's Jetty, when {@code server.impl} names a server that cannot serve it.
 */
class KestrelServletAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(ServerImplAutoConfiguration.class,
				KestrelServletAutoConfiguration.class, JettyServletWebServerAutoConfiguration.class,
				SslAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1");

	@Test
	void kestrelIsTheDefaultServletServerAndBootsJettyBacksOff() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ServletWebServerFactory.class)
				.hasSingleBean(KestrelServletWebServerFactory.class);
			assertThat(context.getBean(ServletWebServerFactory.class)).isInstanceOf(KestrelServletWebServerFactory.class);
			assertThat(context).hasSingleBean(SslBundles.class);
		});
	}

	@Test
	void serverKestrelPropertiesReachTheServletFactory() {
		this.runner.withPropertyValues("server.kestrel.endpoints.main.url=http://127.0.0.1:0")
			.run((context) -> assertThat(context.getBean(KestrelServletWebServerFactory.class).getEndpoints())
				.singleElement()
				.satisfies((endpoint) -> assertThat(endpoint.name()).isEqualTo("main")));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAFactory() {
		this.runner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ServletWebServerFactory.class);
			assertThat(context.getBean(ServletWebServerFactory.class)).isExactlyInstanceOf(JettyServletWebServerFactory.class);
		});
	}

	@Test
	void httpSysForAServletApplicationStopsStartUpWithAReportThatNamesKestrel() {
		this.runner.withPropertyValues("server.impl=httpsys").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ServerImplementationNotAvailableException.class)
				.hasMessage("server.impl is 'httpsys', but HTTP.sys serves Spring WebFlux applications only, and this "
						+ "is a Spring MVC (servlet) application. Available: [kestrel]");
			Throwable root = NestedExceptionUtils.getRootCause(context.getStartupFailure());
			assertThat(((ServerImplementationNotAvailableException) root).getAction())
				.startsWith("Set server.impl=kestrel (or remove it)");
		});
	}

	@Test
	void anUnknownServerImplStopsStartUpInsteadOfBootsJettyAnswering() {
		this.runner.withPropertyValues("server.impl=nonesuch").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ServerImplementationNotAvailableException.class)
				.hasMessageContaining("no server implementation of that name is available for a servlet application");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		JettyServletWebServerFactory userFactory() {
			JettyServletWebServerFactory factory = new JettyServletWebServerFactory();
			factory.setPort(0);
			return factory;
		}

	}

}

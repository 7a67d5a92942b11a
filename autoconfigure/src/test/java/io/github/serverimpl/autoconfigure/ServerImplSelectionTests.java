package io.github.serverimpl.autoconfigure;

import io.github.serverimpl.features.ServerFeatures;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server.impl} selection in the server-neutral core, without any server on the class path.
 */
class ServerImplSelectionTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServerImplAutoConfiguration.class));

	@Test
	void exposesServerFeaturesAsBeans() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ServerFeatures.class)
			.hasSingleBean(io.github.serverimpl.features.ServerAddressesFeature.class)
			.doesNotHaveBean(ReactiveWebServerFactory.class));
	}

	@Test
	void kestrelWithoutItsStarterFailsNamingTheStarter() {
		this.runner.withPropertyValues("server.impl=kestrel").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ServerImplementationNotAvailableException.class)
				.hasMessageContaining("its starter is not on the class path");
		});
	}

	@Test
	void aUserFactoryWinsOverAnyImplementationName() {
		this.runner.withPropertyValues("server.impl=nonesuch")
			.withUserConfiguration(UserFactory.class)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ReactiveWebServerFactory.class));
	}

	@Test
	void doesNothingOutsideReactiveWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ServerImplAutoConfiguration.class))
			.withPropertyValues("server.impl=nonesuch")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ServerFeatures.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactory {

		@Bean
		ReactiveWebServerFactory userFactory() {
			return (handler) -> {
				throw new UnsupportedOperationException();
			};
		}

	}

}

package io.github.serverimpl.httpsys.autoconfigure;

import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.autoconfigure.ServerImplementationNotAvailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selecting HTTP.sys where it cannot run stops start-up with a report that says why.
 */
class HttpSysAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServerImplAutoConfiguration.class, HttpSysAutoConfiguration.class));

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

}

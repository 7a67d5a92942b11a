package io.github.serverimpl.kestrel.autoconfigure;

import io.github.serverimpl.features.ServerAddressesFeature;
import io.github.serverimpl.kestrel.TestHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kestrel in a whole Spring Boot application: {@code local.server.port}, the start-up log line,
 * and the management server on its own port next to the application's endpoints.
 */
@ExtendWith(OutputCaptureExtension.class)
class KestrelApplicationTests {

	@Test
	void setsLocalServerPortAndLogsEachEndpoint(CapturedOutput output) {
		try (ConfigurableApplicationContext context = run("--server.kestrel.endpoints.a.url=http://127.0.0.1:0",
				"--server.kestrel.endpoints.b.url=http://127.0.0.1:0")) {
			int port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			assertThat(output).contains("Now listening on: http://127.0.0.1:" + port);
			int other = context.getBean(ServerAddressesFeature.class).getAddresses().stream()
				.map((address) -> Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))
				.filter((bound) -> bound != port)
				.findFirst()
				.orElseThrow();
			assertThat(output).as("Spring Boot's own start-up line")
				.containsPattern("Kestrel started on ports (" + port + " \\(http\\), " + other + "|" + other
						+ " \\(http\\), " + port + ") \\(http\\)\\R");
			assertThat(TestHttp.get("http://127.0.0.1:" + port + "/actuator/health").status()).isEqualTo(200);
		}
	}

	@Test
	void managementEndpointsAnswerOnTheirOwnPortServedByKestrel() {
		try (ConfigurableApplicationContext context = run("--server.kestrel.endpoints.a.url=http://127.0.0.1:0",
				"--management.server.port=0", "--management.server.address=127.0.0.1")) {
			int appPort = context.getEnvironment().getProperty("local.server.port", Integer.class);
			int managementPort = context.getEnvironment().getProperty("local.management.port", Integer.class);
			assertThat(managementPort).isPositive().isNotEqualTo(appPort);
			TestHttp.Response health = TestHttp.get("http://127.0.0.1:" + managementPort + "/actuator/health");
			assertThat(health.status()).isEqualTo(200);
			assertThat(health.body()).contains("UP");
			assertThat(health.server()).isEqualTo("Kestrel");
			assertThat(TestHttp.get("http://127.0.0.1:" + appPort + "/actuator/health").status()).isEqualTo(404);
		}
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}

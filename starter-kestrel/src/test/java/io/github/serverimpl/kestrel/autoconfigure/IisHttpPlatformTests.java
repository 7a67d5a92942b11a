package io.github.serverimpl.kestrel.autoconfigure;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import io.github.serverimpl.features.ServerAddressesFeature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * An application started by IIS's HttpPlatformHandler: {@code HTTP_PLATFORM_PORT} set, requests
 * forwarded from loopback with {@code X-Forwarded-For} (address and port) and
 * {@code X-Forwarded-Proto}.
 */
@ExtendWith(OutputCaptureExtension.class)
class IisHttpPlatformTests {

	@Test
	void listensOnLoopbackAtThePlatformPortOnlyAndTrustsTheModulesForwardedHeaders(CapturedOutput output)
			throws Exception {
		int port = freePortBelowTheEphemeralRange();
		try (ConfigurableApplicationContext context = run("--HTTP_PLATFORM_PORT=" + port,
				"--server.kestrel.endpoints.public.url=http://127.0.0.1:0")) {
			assertThat(context.getBean(ServerAddressesFeature.class).getAddresses())
				.containsExactly("http://127.0.0.1:" + port);
			assertThat(output).contains("HTTP_PLATFORM_PORT is set: IIS's HttpPlatformHandler forwards to "
					+ "http://127.0.0.1:" + port + ", so Kestrel listens there only, not on the configured endpoints "
					+ "[public]");
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/who"))
					.header("X-Forwarded-For", "203.0.113.9:50123")
					.header("X-Forwarded-Proto", "https")
					.timeout(Duration.ofSeconds(10))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.body()).isEqualTo("203.0.113.9 https");
		}
	}

	@Test
	void forwardedHeadersTheApplicationChoseAreLeftAlone() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("test",
					Map.of("HTTP_PLATFORM_PORT", "8080", "server.forward-headers-strategy", "none")));
		new IisHttpPlatform().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(IisHttpPlatform.PROPERTY_SOURCE)).isFalse();
	}

	@Test
	void withoutThePlatformPortNothingChanges() {
		StandardEnvironment environment = new StandardEnvironment();
		new IisHttpPlatform().postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(IisHttpPlatform.PROPERTY_SOURCE)).isFalse();
		assertThat(IisHttpPlatform.endpoint(new MockEnvironment())).isNull();
	}

	@Test
	void aPlatformPortThatIsNotAPortStopsStartUpSayingWhoSetsIt() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> IisHttpPlatform.endpoint(new MockEnvironment().withProperty("HTTP_PLATFORM_PORT", "80a")))
			.withMessageContaining("HTTP_PLATFORM_PORT=80a")
			.withMessageContaining("HttpPlatformHandler");
	}

	private static int freePortBelowTheEphemeralRange() {
		// Not from the kernel's ephemeral range: an outgoing connection could take such a port meanwhile.
		for (int port = 20000 + (int) (ProcessHandle.current().pid() % 5000); port < 30000; port++) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.setReuseAddress(false);
				socket.bind(new InetSocketAddress("127.0.0.1", port));
				return port;
			}
			catch (IOException ex) {
				// taken: try the next
			}
		}
		throw new IllegalStateException("No free port between 20000 and 30000");
	}

	private static ConfigurableApplicationContext run(String... args) {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.REACTIVE);
		return application.run(args);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

		@Bean
		RouterFunction<ServerResponse> who() {
			return RouterFunctions.route().GET("/who", (request) -> ServerResponse.ok()
				.bodyValue(request.remoteAddress().orElseThrow().getAddress().getHostAddress() + " "
						+ request.uri().getScheme()))
				.build();
		}

	}

}

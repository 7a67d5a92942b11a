package io.github.serverimpl.kestrel.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.serverimpl.webflux.DisableRequestSizeLimit;
import io.github.serverimpl.webflux.RequestSizeLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link RequestSizeLimit @RequestSizeLimit} and {@link DisableRequestSizeLimit @DisableRequestSizeLimit}
 * on WebFlux controllers served by Kestrel, with the server-wide limit at 100 bytes.
 */
class RequestSizeLimitTests {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ConfigurableApplicationContext context;

	private int port;

	@BeforeEach
	void start() {
		this.context = run(Application.class);
		this.port = this.context.getEnvironment().getProperty("local.server.port", Integer.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	private static ConfigurableApplicationContext run(Class<?> application) {
		SpringApplication app = new SpringApplication(application);
		app.setWebApplicationType(WebApplicationType.REACTIVE);
		return app.run("--server.kestrel.endpoints.http.url=http://127.0.0.1:0",
				"--server.kestrel.limits.max-request-body-size=100B");
	}

	private String post(String path, int bytes) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.ofString("b".repeat(bytes)))
			.build();
		HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
		return response.statusCode() + " " + response.body();
	}

	@Test
	void aMethodLimitBelowTheServersRefusesALargerBodyWith413() throws Exception {
		assertThat(post("/limited", 10)).isEqualTo("200 10");
		assertThat(post("/limited", 20)).startsWith("413");
	}

	@Test
	void aDisabledLimitLetsABodyLargerThanTheServersThrough() throws Exception {
		assertThat(post("/unlimited", 5000)).isEqualTo("200 5000");
	}

	@Test
	void aClassLimitAppliesToItsMethodsAndAMethodAnnotationWins() throws Exception {
		assertThat(post("/class/inherited", 30)).startsWith("413");
		assertThat(post("/class/inherited", 20)).isEqualTo("200 20");
		assertThat(post("/class/overridden", 5000)).isEqualTo("200 5000");
	}

	@Test
	void withoutAnAnnotationTheServerLimitApplies() throws Exception {
		assertThat(post("/default", 100)).isEqualTo("200 100");
		assertThat(post("/default", 101)).startsWith("413");
	}

	@Test
	void aNegativeLimitStopsStartUpNamingTheHandler() {
		assertThatException().isThrownBy(() -> run(InvalidApplication.class).close())
			.havingRootCause()
			.withMessageContaining("@RequestSizeLimit(bytes = -1)")
			.withMessageContaining("InvalidController.upload")
			.withMessageContaining("@DisableRequestSizeLimit");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import({ UploadController.class, ClassLimitedController.class })
	static class Application {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(InvalidController.class)
	static class InvalidApplication {

	}

	@RestController
	static class UploadController {

		@PostMapping("/limited")
		@RequestSizeLimit(bytes = 10)
		String limited(@RequestBody String body) {
			return String.valueOf(body.length());
		}

		@PostMapping("/unlimited")
		@DisableRequestSizeLimit
		String unlimited(@RequestBody String body) {
			return String.valueOf(body.length());
		}

		@PostMapping("/default")
		String unannotated(@RequestBody String body) {
			return String.valueOf(body.length());
		}

	}

	@RestController
	@RequestSizeLimit(bytes = 25)
	static class ClassLimitedController {

		@PostMapping("/class/inherited")
		String inherited(@RequestBody String body) {
			return String.valueOf(body.length());
		}

		@PostMapping("/class/overridden")
		@DisableRequestSizeLimit
		String overridden(@RequestBody String body) {
			return String.valueOf(body.length());
		}

	}

	@RestController
	static class InvalidController {

		@PostMapping("/invalid")
		@RequestSizeLimit(bytes = -1)
		String upload(@RequestBody String body) {
			return body;
		}

	}

}

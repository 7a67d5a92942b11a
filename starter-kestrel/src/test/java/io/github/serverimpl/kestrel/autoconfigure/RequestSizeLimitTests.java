package io.github.serverimpl.kestrel.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.serverimpl.webflux.DisableRequestSizeLimit;
import io.github.serverimpl.webflux.RequestSizeLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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
 * on the same controllers served by Kestrel on either Spring stack, WebFlux and Spring MVC (whose
 * handlers run on the servlet container's threads, after Kestrel has passed the request on), with
 * the server-wide limit at 100 bytes.
 */
class RequestSizeLimitTests {

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private ConfigurableApplicationContext context;

	private int port;

	private void start(WebApplicationType stack) {
		this.context = run(Application.class, stack);
		this.port = this.context.getEnvironment().getProperty("local.server.port", Integer.class);
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	private static ConfigurableApplicationContext run(Class<?> application, WebApplicationType stack) {
		SpringApplication app = new SpringApplication(application);
		app.setWebApplicationType(stack);
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

	@ParameterizedTest
	@EnumSource(names = { "REACTIVE", "SERVLET" })
	void aMethodLimitBelowTheServersRefusesALargerBodyWith413(WebApplicationType stack) throws Exception {
		start(stack);
		assertThat(post("/limited", 10)).isEqualTo("200 10");
		assertThat(post("/limited", 20)).startsWith("413");
	}

	@ParameterizedTest
	@EnumSource(names = { "REACTIVE", "SERVLET" })
	void aDisabledLimitLetsABodyLargerThanTheServersThrough(WebApplicationType stack) throws Exception {
		start(stack);
		assertThat(post("/unlimited", 5000)).isEqualTo("200 5000");
	}

	@ParameterizedTest
	@EnumSource(names = { "REACTIVE", "SERVLET" })
	void aClassLimitAppliesToItsMethodsAndAMethodAnnotationWins(WebApplicationType stack) throws Exception {
		start(stack);
		assertThat(post("/class/inherited", 30)).startsWith("413");
		assertThat(post("/class/inherited", 20)).isEqualTo("200 20");
		assertThat(post("/class/overridden", 5000)).isEqualTo("200 5000");
	}

	@ParameterizedTest
	@EnumSource(names = { "REACTIVE", "SERVLET" })
	void withoutAnAnnotationTheServerLimitApplies(WebApplicationType stack) throws Exception {
		start(stack);
		assertThat(post("/default", 100)).isEqualTo("200 100");
		assertThat(post("/default", 101)).startsWith("413");
	}

	@ParameterizedTest
	@EnumSource(names = { "REACTIVE", "SERVLET" })
	void aNegativeLimitStopsStartUpNamingTheHandler(WebApplicationType stack) {
		assertThatException().isThrownBy(() -> run(InvalidApplication.class, stack).close())
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

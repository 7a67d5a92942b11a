package io.github.serverimpl.kestrel.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

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

	/** What the server sent until {@code done} says it is all, or it closed the connection. */
	private static String readUntil(Socket socket, Predicate<String> done) throws IOException {
		StringBuilder received = new StringBuilder();
		byte[] buffer = new byte[8192];
		InputStream in = socket.getInputStream();
		for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
			received.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			if (done.test(received.toString())) {
				break;
			}
		}
		return received.toString();
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

	/**
	 * A request that comes while the one before it is still being answered (pipelined, or sent as
	 * soon as the response looked complete) waits in Reactor Netty: its body is judged by the limit
	 * its own handler sets, once it is handed to the application, not by the server's on arrival.
	 */
	@ParameterizedTest
	@EnumSource(names = { "REACTIVE", "SERVLET" })
	void aRequestBehindAnotherIsJudgedByItsOwnHandlersLimit(WebApplicationType stack) throws Exception {
		start(stack);
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			String first = "POST /class/inherited HTTP/1.1\r\nHost: localhost\r\nContent-Length: 20\r\n\r\n"
					+ "b".repeat(20);
			String second = "POST /class/overridden HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5000\r\n\r\n"
					+ "b".repeat(5000);
			socket.getOutputStream().write((first + second).getBytes(StandardCharsets.ISO_8859_1));
			String responses = readUntil(socket, (text) -> text.split("HTTP/1.1 ", -1).length == 3
					&& (text.endsWith("\r\n\r\n5000") || text.endsWith("\r\n\r\n")));
			assertThat(responses.split("HTTP/1.1 ", -1)).as(responses)
				.hasSize(3)
				.satisfies((parts) -> assertThat(parts[1]).startsWith("200 ").endsWith("\r\n\r\n20"))
				.satisfies((parts) -> assertThat(parts[2]).startsWith("200 ").endsWith("\r\n\r\n5000"));
		}
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

package io.github.serverimpl.httpsys;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The HTTP.sys server on real Windows: the kernel driver, {@code httpapi.dll} through JNA, a real
 * HTTP client on loopback. Runs only on Windows (the Windows CI workflow); skipped elsewhere.
 */
@Tag("windows")
@EnabledOnOs(OS.WINDOWS)
class HttpSysWindowsTests {

	private static final long MAX_BODY = 100_000;

	private final HttpClient client = HttpClient.newHttpClient();

	private String base;

	private WebServer server;

	@BeforeEach
	void start() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		this.base = "http://localhost:" + port;
		this.server = factory(MAX_BODY).getWebServer(handler());
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private HttpSysReactiveWebServerFactory factory(long maxRequestBodySize) {
		HttpSysReactiveWebServerFactory factory = new HttpSysReactiveWebServerFactory();
		factory.setOptions(HttpSysOptions.defaults().withMaxRequestBodySize(maxRequestBodySize)
			.withUrlPrefixes(List.of(UrlPrefix.parse(this.base + "/"))));
		return factory;
	}

	private static HttpHandler handler() {
		return RouterFunctions.toHttpHandler(RouterFunctions.route()
			.GET("/hello", (request) -> ServerResponse.ok().header("X-Custom", "yes")
				.bodyValue("Hello " + request.queryParam("name").orElse("?") + " over " + request.exchange()
					.getRequest().getHeaders().getFirst("X-Trace")))
			.POST("/echo", (request) -> ServerResponse.ok().body(request.bodyToFlux(DataBuffer.class), DataBuffer.class))
			.build());
	}

	@Test
	void answersAGetThroughTheKernelDriver() throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(URI.create(this.base + "/hello?name=Ada"))
			.header("X-Trace", "t-1").build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("Hello Ada over t-1");
		assertThat(response.headers().firstValue("X-Custom")).hasValue("yes");
		assertThat(((HttpSysWebServer) this.server).getServerFeatures().getAddresses().getAddresses())
			.containsExactly(this.base + "/");
	}

	@Test
	void streamsABodyLargerThanTheResponseBufferBackChunked() throws Exception {
		String body = "0123456789".repeat(5_000);
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(URI.create(this.base + "/echo"))
			.POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
		assertThat(response.body()).isEqualTo(body);
	}

	@Test
	void answersABodyOverTheLimitWith413() throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(URI.create(this.base + "/echo"))
			.POST(BodyPublishers.ofString("x".repeat((int) MAX_BODY + 1))).build(), BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(413);
	}

	@Test
	void aSecondServerOnTheSamePrefixIsToldItIsTaken() {
		WebServer second = factory(MAX_BODY).getWebServer(handler());
		assertThatExceptionOfType(UrlPrefixRegistrationException.class).isThrownBy(second::start)
			.satisfies((ex) -> assertThat(ex.isAccessDenied()).isFalse())
			.withMessageContaining(this.base);
	}

}

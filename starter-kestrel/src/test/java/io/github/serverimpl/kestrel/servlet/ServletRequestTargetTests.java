package io.github.serverimpl.kestrel.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.serverimpl.forwarded.ForwardedHeader;
import io.github.serverimpl.forwarded.ForwardedHeadersOptions;
import io.github.serverimpl.forwarded.TrustedForwardedHeaderTransformer;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a request's target and {@code Host} reach the servlet API. Jetty's request is built from
 * Reactor Netty's directly, unless the request carries forwarded headers or a target that is not a
 * plain URI, which go through Spring's request model first: the servlet sees the same request
 * either way, and what Spring's model cannot parse is answered 400, as on WebFlux.
 *
 * <p>The server's forwarded-header transformer trusts no proxy, so an {@code X-Forwarded-For}
 * header takes a request through Spring's model and changes nothing else.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServletRequestTargetTests {

	private static final String THROUGH_SPRINGS_MODEL = "X-Forwarded-For: 203.0.113.7\r\n";

	private WebServer webServer;

	private int port;

	@BeforeAll
	void start() {
		KestrelServletWebServerFactory factory = new KestrelServletWebServerFactory(0);
		factory.setAddress(java.net.InetAddress.getLoopbackAddress());
		factory.setForwardedHeaderTransformer(new TrustedForwardedHeaderTransformer(new ForwardedHeadersOptions(
				Set.of(ForwardedHeader.X_FORWARDED_FOR), List.of(), List.of(), 1, false, List.of())));
		this.webServer = factory
			.getWebServer((context) -> context.addServlet("target", new TargetServlet()).addMapping("/*"));
		this.webServer.start();
		this.port = this.webServer.getPort();
	}

	@AfterAll
	void stop() {
		this.webServer.destroy();
	}

	static Stream<Arguments> requests() {
		return Stream.of(Arguments.of("a path", "GET /a/b HTTP/1.1\r\nHost: example.com\r\n"),
				Arguments.of("escapes and a query", "GET /a%20b/c;v=1?x=1&y=%2F&z HTTP/1.1\r\nHost: example.com\r\n"),
				Arguments.of("a Host with a port", "GET /p?q HTTP/1.1\r\nHost: example.com:8081\r\n"),
				Arguments.of("a Host with the default port", "GET /p HTTP/1.1\r\nHost: example.com:80\r\n"),
				Arguments.of("an IPv4 Host", "GET /p HTTP/1.1\r\nHost: 127.0.0.1\r\n"),
				Arguments.of("HTTP/1.0 without a Host", "GET /p?q=1 HTTP/1.0\r\n"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("requests")
	void theServletSeesTheSameRequestWhicheverWayItCame(String name, String request) throws IOException {
		String direct = exchange(request + "\r\n");
		String throughSpring = exchange(request + THROUGH_SPRINGS_MODEL + "\r\n");
		assertThat(direct).startsWith("HTTP/1.").contains(" 200 ");
		assertThat(body(direct)).isEqualTo(body(throughSpring));
	}

	@Test
	void theServletSeesTheTargetsPathQueryAndHost() throws IOException {
		String response = exchange("GET /a%20b/c?x=1&y=%2F HTTP/1.1\r\nHost: example.com:8081\r\n\r\n");
		assertThat(body(response)).isEqualTo("uri=/a%20b/c path=/a b/c query=x=1&y=%2F "
				+ "url=http://example.com:8081/a%20b/c server=example.com:8081 scheme=http");
	}

	@Test
	void aTargetWithABrokenEscapeIsAnswered400() throws IOException {
		assertThat(exchange("GET /a%zz HTTP/1.1\r\nHost: example.com\r\n\r\n")).startsWith("HTTP/1.1 400 ");
	}

	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(10_000);
			String closing = request.contains("HTTP/1.1")
					? request.replaceFirst("\r\n\r\n$", "\r\nConnection: close\r\n\r\n") : request;
			socket.getOutputStream().write(closing.getBytes(StandardCharsets.ISO_8859_1));
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			socket.getInputStream().transferTo(received);
			return received.toString(StandardCharsets.ISO_8859_1);
		}
	}

	private static String body(String response) {
		return response.substring(response.indexOf("\r\n\r\n") + 4);
	}

	static final class TargetServlet extends HttpServlet {

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getWriter()
				.write("uri=" + request.getRequestURI() + " path=" + request.getPathInfo() + " query="
						+ request.getQueryString() + " url=" + request.getRequestURL() + " server="
						+ request.getServerName() + ":" + request.getServerPort() + " scheme=" + request.getScheme());
		}

	}

}

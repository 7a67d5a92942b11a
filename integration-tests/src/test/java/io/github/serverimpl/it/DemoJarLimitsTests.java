package io.github.serverimpl.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demos (WebFlux and Spring MVC) with tight limits answer slow and greedy clients as
 * Kestrel does: 408 for headers that trickle in, for a body that trickles in 408 or, once the
 * response has started, an aborted connection, and no response at all past the connection limit;
 * Actuator shows the same in the rejection and connection-duration meters.
 */
class DemoJarLimitsTests extends AbstractDemoTests {

	private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length:\\s*(\\d+)");

	@ParameterizedTest
	@EnumSource(Demo.class)
	void slowAndGreedyClientsGetKestrelsAnswers(Demo which) throws Exception {
		int port = TestPorts.next();
		this.demo = DemoProcess.start(which, this.temp.resolve("demo.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + port,
				"--server.kestrel.limits.request-headers-timeout=2s",
				"--server.kestrel.limits.max-concurrent-connections=4",
				"--server.kestrel.limits.min-request-body-data-rate.bytes-per-second=240",
				"--server.kestrel.limits.min-request-body-data-rate.grace-period=2s");

		try (Socket slowHeaders = connect(port)) {
			send(slowHeaders, "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n");
			assertThat(readUntilClosed(slowHeaders, 6000)).startsWith("HTTP/1.1 408");
		}

		try (Socket slowBody = connect(port)) {
			send(slowBody, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100000\r\n\r\nab");
			String answer = readUntilClosed(slowBody, 8000);
			if (which == Demo.WEBFLUX) {
				// WebFlux's /echo streams the body back, so its response has started when the rate check
				// fails: as in Kestrel, the connection is then aborted, the chunked response left unfinished.
				assertThat(answer).startsWith("HTTP/1.1 200").doesNotEndWith("0\r\n\r\n");
			}
			else {
				// The servlet's output is buffered: nothing has been sent, so the answer is 408.
				assertThat(answer).startsWith("HTTP/1.1 408");
			}
		}

		List<Socket> greedy = new ArrayList<>();
		try {
			for (int i = 0; i < 4; i++) {
				Socket socket = connect(port);
				greedy.add(socket);
				send(socket, "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n");
				assertThat(readResponse(socket, 2000)).startsWith("HTTP/1.1 200");
			}
			try (Socket fifth = connect(port)) {
				send(fifth, "GET /plaintext HTTP/1.1\r\nHost: localhost\r\n\r\n");
				assertThat(readUntilClosed(fifth, 5000)).isEmpty();
			}
			// Let the server close them: a connection the client closes may still be counted when the
			// next one arrives, one the server has closed is not.
			for (Socket socket : greedy) {
				send(socket, "GET /plaintext HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
				assertThat(readUntilClosed(socket, 5000)).startsWith("HTTP/1.1 200");
			}
		}
		finally {
			for (Socket socket : greedy) {
				socket.close();
			}
		}
		assertThat(this.demo.logText()).contains("REQUEST_HEADERS_TIMEOUT").contains("REQUEST_BODY_TOO_SLOW")
			.contains("MAX_CONCURRENT_CONNECTIONS");
		// The same answers, as meters through Actuator, once the greedy connections are gone.
		assertThat(metric(port, "kestrel.rejections?tag=reason:max_concurrent_connections")).contains("\"value\":1.0");
		assertThat(metric(port, "kestrel.connection.duration?tag=end.reason:request_headers_timeout"
				+ "&tag=endpoint:http&tag=protocol:HTTP/1.1")).contains("\"statistic\":\"COUNT\",\"value\":1.0");
	}

	private static String metric(int port, String query) throws IOException {
		try (Socket socket = connect(port)) {
			send(socket, "GET /actuator/metrics/" + query + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			String response = readUntilClosed(socket, 5000);
			assertThat(response).startsWith("HTTP/1.1 200");
			return response;
		}
	}

	private static Socket connect(int port) throws IOException {
		return new Socket("127.0.0.1", port);
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
	}

	private static String readUntilClosed(Socket socket, int timeoutMillis) throws IOException {
		socket.setSoTimeout(timeoutMillis);
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[4096];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("the server did not close the connection within " + timeoutMillis + " ms; got: "
					+ received.toString(StandardCharsets.ISO_8859_1));
		}
		catch (SocketException ex) {
			// Reset by the server: closed as well.
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	/** One response with a {@code Content-Length}, read whole, so the next read starts at the next one. */
	private static String readResponse(Socket socket, int timeoutMillis) throws IOException {
		socket.setSoTimeout(timeoutMillis);
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		while (true) {
			String text = received.toString(StandardCharsets.ISO_8859_1);
			int headersEnd = text.indexOf("\r\n\r\n");
			if (headersEnd >= 0) {
				Matcher length = CONTENT_LENGTH.matcher(text.substring(0, headersEnd));
				assertThat(length.find()).as("a Content-Length in %s", text).isTrue();
				if (text.length() >= headersEnd + 4 + Integer.parseInt(length.group(1))) {
					return text;
				}
			}
			int read = in.read();
			if (read == -1) {
				return text;
			}
			received.write(read);
		}
	}

}

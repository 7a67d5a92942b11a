package io.github.serverimpl.demo.mvc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Spring MVC demo's endpoints, over real HTTP against Kestrel, with Spring Boot's Tomcat on
 * the classpath as start.spring.io puts it there.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.kestrel.endpoints.http.url=http://127.0.0.1:0")
class MvcDemoApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	@Autowired
	private ServletWebServerFactory webServerFactory;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(TIMEOUT).build();

	@Test
	void kestrelServesTheApplicationAlthoughTomcatIsOnTheClasspath() {
		assertThat(ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null)).isTrue();
		assertThat(this.webServerFactory).isInstanceOf(KestrelServletWebServerFactory.class);
	}

	@Test
	void greetingNamesKestrelWithTheKestrelServerHeader() throws Exception {
		HttpResponse<String> response = send(request("/"));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain");
		assertThat(response.headers().firstValue("Server")).hasValue("Kestrel");
		assertThat(response.body()).isEqualTo("Hello from Kestrel");
		assertThat(send(request("/").POST(HttpRequest.BodyPublishers.ofString("probe"))).body())
			.isEqualTo("Hello from Kestrel");
	}

	@Test
	void whoamiReportsTheRequestAsTheApplicationSeesIt() throws Exception {
		String whoami = send(request("/whoami")).body();
		assertThat(whoami).contains("\"remoteAddress\":\"127.0.0.1\"", "\"scheme\":\"http\"",
				"\"host\":\"127.0.0.1:" + this.port + "\"", "\"contextPath\":\"\"", "\"protocol\":\"HTTP/1.1\"")
			.containsPattern("\"connectionId\":\"[^\"]+\"");
	}

	@Test
	void serverAddressesListsTheBoundAddress() throws Exception {
		assertThat(send(request("/server/addresses")).body()).isEqualTo("[\"http://127.0.0.1:" + this.port + "\"]");
	}

	@Test
	void benchmarkTargetsAnswerAsTechEmpowerAsks() throws Exception {
		HttpResponse<String> plaintext = send(request("/plaintext"));
		assertThat(plaintext.body()).isEqualTo("Hello, World!");
		assertThat(plaintext.headers().firstValue("Content-Length")).hasValue("13");
		HttpResponse<String> json = send(request("/json"));
		assertThat(json.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(json.body()).isEqualTo("{\"message\":\"Hello, World!\"}");
	}

	@Test
	void echoStreamsAMegabyteBackWithItsContentType() throws Exception {
		byte[] body = new byte[1024 * 1024];
		new Random(42).nextBytes(body);
		HttpResponse<byte[]> response = this.client.send(request("/echo").header("Content-Type", "application/x-test")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-test");
		assertThat(response.body()).isEqualTo(body);
	}

	@Test
	void serverSentEventsArriveAsTheyAreSent() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout((int) TIMEOUT.toMillis());
			socket.getOutputStream().write("GET /sse HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n"
				.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			List<Integer> reads = new ArrayList<>();
			byte[] buffer = new byte[8192];
			while (!received.toString(StandardCharsets.UTF_8).contains("\r\n0\r\n\r\n")) {
				int read = in.read(buffer);
				assertThat(read).as("the stream's end before the connection's").isPositive();
				received.write(buffer, 0, read);
				reads.add(read);
			}
			String text = received.toString(StandardCharsets.UTF_8);
			assertThat(text).startsWith("HTTP/1.1 200").containsIgnoringCase("content-type: text/event-stream")
				.contains("id:1\ndata:tick 1\n\n", "id:10\ndata:tick 10\n\n");
			assertThat(reads).as("events arrive 100 ms apart, not in one piece at the end").hasSizeGreaterThan(5);
		}
	}

	@Test
	void theWebSocketEchoesTextAndBinaryMessages() throws Exception {
		LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
		WebSocket socket = HttpClient.newHttpClient()
			.newWebSocketBuilder()
			.buildAsync(URI.create("ws://127.0.0.1:" + this.port + "/ws/echo"), new WebSocket.Listener() {

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					received.add(data.toString());
					webSocket.request(1);
					return null;
				}

				@Override
				public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
					byte[] bytes = new byte[data.remaining()];
					data.get(bytes);
					received.add(bytes);
					webSocket.request(1);
					return null;
				}

			})
			.get(10, TimeUnit.SECONDS);
		socket.sendText("hello", true).get(10, TimeUnit.SECONDS);
		assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("hello");
		socket.sendBinary(ByteBuffer.wrap(new byte[] { 0, 1, 2, (byte) 255 }), true).get(10, TimeUnit.SECONDS);
		assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo(new byte[] { 0, 1, 2, (byte) 255 });
		socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
	}

	@Test
	void redirectPointsAtWhoamiWithAnAbsoluteUrl() throws Exception {
		HttpResponse<String> response = send(request("/redirect"));
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location")).hasValue("http://127.0.0.1:" + this.port + "/whoami");
	}

	@Test
	void theSessionCarriesOverFromOneRequestToTheNext() throws Exception {
		HttpClient withCookies = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		String first = withCookies.send(request("/session").build(), HttpResponse.BodyHandlers.ofString()).body();
		String second = withCookies.send(request("/session").build(), HttpResponse.BodyHandlers.ofString()).body();
		assertThat(first).contains("\"visits\":1");
		assertThat(second).contains("\"visits\":2");
		String id = first.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
		assertThat(second).contains("\"id\":\"" + id + "\"");
		assertThat(send(request("/session")).body()).as("another client, another session").contains("\"visits\":1");
	}

	@Test
	void aMultipartUploadArrivesWhole() throws Exception {
		byte[] file = new byte[300_000];
		new Random(7).nextBytes(file);
		String boundary = "demo-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"data.bin\"\r\n"
				+ "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		body.write(file);
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
		HttpResponse<String> response = send(request("/upload")
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
		String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"filename\":\"data.bin\"", "\"size\":300000", "\"sha256\":\"" + sha256 + "\"");
	}

	@Test
	void servletAsyncAnswersFromAnotherThread() throws Exception {
		assertThat(send(request("/async/deferred")).body()).isEqualTo("deferred");
		assertThat(send(request("/async/callable")).body()).isEqualTo("callable");
	}

	@Test
	void anUnknownPathGetsBootsErrorPage() throws Exception {
		HttpResponse<String> json = send(request("/nowhere").header("Accept", "application/json"));
		assertThat(json.statusCode()).isEqualTo(404);
		assertThat(json.body()).contains("\"status\":404", "\"path\":\"/nowhere\"");
		HttpResponse<String> html = send(request("/nowhere").header("Accept", "text/html"));
		assertThat(html.statusCode()).isEqualTo(404);
		assertThat(html.body()).contains("Whitelabel Error Page");
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).timeout(TIMEOUT);
	}

	private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}

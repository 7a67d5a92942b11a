package io.github.serverimpl.kestrel.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.webflux.DisableRequestSizeLimit;
import io.github.serverimpl.webflux.RequestSizeLimit;
import io.github.serverimpl.features.ServerAddressesFeature;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Spring MVC application on Kestrel, through real sockets: Kestrel is chosen as the servlet web
 * server, and JSON, streamed bodies, sessions, servlet async and
 * Boot's error page behave as on any servlet container.
 */
class KestrelServletApplicationTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@BeforeAll
	static void start() {
		SpringApplication application = new SpringApplication(MvcApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		context = application.run("--server.port=0", "--server.address=127.0.0.1",
				"--server.kestrel.limits.max-request-body-size=2MB", "--server.http2.enabled=true");
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void kestrelIsTheServletWebServerAndListsWhatItBound() throws Exception {
		assertThat(((WebServerApplicationContext) context).getWebServer())
			.isInstanceOf(KestrelServletWebServer.class);
		assertThat(context.getBean(ServerAddressesFeature.class).getAddresses())
			.containsExactly("http://127.0.0.1:" + port);
		HttpResponse<String> response = get("/json");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Server")).hasValue("Kestrel");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).isEqualTo("{\"message\":\"Hello, World!\"}");
	}

	@Test
	void theServletSeesTheConnectionKestrelAccepted() throws Exception {
		String body = get("/whoami").body();
		assertThat(body).contains("\"remoteAddress\":\"127.0.0.1\"").contains("\"scheme\":\"http\"")
			.contains("\"serverPort\":" + port).contains("\"protocol\":\"HTTP/1.1\"")
			.contains("\"connectionLocalPort\":" + port);
	}

	@Test
	void http2WithPriorKnowledgeReachesTheController() {
		String body = h2c()
			.post()
			.uri("http://127.0.0.1:" + port + "/echo")
			.send(ByteBufFlux.fromString(Mono.just("over h2c")))
			.responseSingle((response, content) -> content.asString()
				.map((text) -> response.version() + " " + response.status().code() + " " + text))
			.block(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("HTTP/2.0 200 over h2c");
		String whoami = h2c()
			.get()
			.uri("http://127.0.0.1:" + port + "/whoami")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
		assertThat(whoami).contains("\"protocol\":\"HTTP/2.0\"");
	}

	@Test
	void aLargeBodyStreamsThroughTheServletAndBack() throws Exception {
		byte[] upload = new byte[1024 * 1024 + 17];
		for (int i = 0; i < upload.length; i++) {
			upload[i] = (byte) (i % 251);
		}
		HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/echo"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(upload);
	}

	@Test
	void aDeclaredBodyOverKestrelsLimitGets413BeforeItIsRead() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			send(socket, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3000000\r\n\r\n");
			assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 413");
		}
	}

	@Test
	void aChunkedBodyThatGrowsOverKestrelsLimitGets413WhileTheServletReadsIt() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			send(socket, "POST /count HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n");
			String chunk = Integer.toHexString(64 * 1024) + "\r\n" + "x".repeat(64 * 1024) + "\r\n";
			try {
				for (int i = 0; i < 40; i++) {
					send(socket, chunk);
				}
			}
			catch (IOException ex) {
				// The server stopped reading once it had answered.
			}
			assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 413");
		}
	}

	@Test
	void aControllerThatLiftsTheLimitReadsALargerBody() throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/lifted"))
			.POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3_000_000])).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode() + " " + response.body()).isEqualTo("200 3000000");
		assertThat(h2cPost("/lifted", 3_000_000)).isEqualTo("200 3000000");
	}

	@Test
	void overH2cABodyOverTheLimitGets413() {
		assertThat(h2cPost("/count", 3_000_000)).startsWith("413");
		assertThat(h2cPost("/small", 20)).startsWith("413");
		assertThat(h2cPost("/small", 10)).isEqualTo("200 10");
	}

	private static String h2cPost(String path, int bytes) {
		return h2c().post()
			.uri("http://127.0.0.1:" + port + path)
			.send(ByteBufFlux.fromString(Flux.range(0, bytes / 1000 + 1)
				.map((i) -> "x".repeat(Math.min(1000, bytes - i * 1000)))
				.filter((text) -> !text.isEmpty())))
			.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(Duration.ofSeconds(20));
	}

	@Test
	void responseTrailersFollowTheBody() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			send(socket, "GET /trailers HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			String response = readUntilClosed(socket);
			assertThat(response).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked")
				.contains("with trailers").containsPattern("(?i)\r\n0\r\nx-checksum: 1234\r\n\r\n$");
		}
		String trailer = h2c().get()
			.uri("http://127.0.0.1:" + port + "/trailers")
			.response((response, body) -> body.then(response.trailerHeaders()).map((headers) -> headers.get("x-checksum")))
			.blockLast(Duration.ofSeconds(10));
		assertThat(trailer).isEqualTo("1234");
	}

	/**
	 * A servlet may reuse its array once {@code write} returns, and Jetty reuses its pooled
	 * buffers once a send completes; Kestrel must have what it sends by then, though a response
	 * sent whole leaves only when the exchange ends (a buffer taken back too early showed one
	 * client's response body in another's).
	 */
	@Test
	void aWholeResponseIsWhatTheServletWroteEvenIfItReusesItsArrayAfterwards() throws Exception {
		HttpResponse<String> response = get("/reused");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).hasSize(MvcController.REUSED_SIZE);
		assertThat(response.body().chars().filter((c) -> c != 'a').count()).as("bytes the servlet overwrote").isZero();
		String overH2c = h2c().get()
			.uri("http://127.0.0.1:" + port + "/reused")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
		assertThat(overH2c).hasSize(MvcController.REUSED_SIZE);
		assertThat(overH2c.chars().filter((c) -> c != 'a').count()).as("bytes the servlet overwrote, over h2c").isZero();
	}

	/**
	 * A chunk written while the connection can take it completes at once, so the servlet may
	 * overwrite its array before the chunk leaves: Kestrel must have copied it, and the chunks
	 * must leave in the order written, whichever thread queued them.
	 */
	@Test
	void streamedChunksArriveInOrderEvenIfTheServletReusesItsArray() throws Exception {
		String expected = MvcController.chunks();
		HttpResponse<String> response = get("/chunks");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo(expected);
		String overH2c = h2c().get()
			.uri("http://127.0.0.1:" + port + "/chunks")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
		assertThat(overH2c).isEqualTo(expected);
	}

	/**
	 * A client that does not read holds the servlet up: its writes wait once the connection has
	 * more than it can take, rather than the whole response piling up in the server's memory.
	 */
	@Test
	void aServletWritingToAClientThatDoesNotReadWaits() throws Exception {
		context.getBean(MvcController.class).written.set(0);
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.setSoTimeout(20_000);
			send(socket, "GET /flood HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
			AtomicLong written = context.getBean(MvcController.class).written;
			await().atMost(Duration.ofSeconds(10)).until(() -> written.get() > 0);
			// Without backpressure the servlet would write it all into memory well within the second.
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
				.until(() -> written.get() < MvcController.FLOOD_SIZE / 2);
			long received = socket.getInputStream().transferTo(OutputStream.nullOutputStream());
			assertThat(received).isGreaterThan(MvcController.FLOOD_SIZE);
			assertThat(written.get()).isEqualTo(MvcController.FLOOD_SIZE);
		}
	}

	@Test
	void aChunkedBodyOverAControllersLimitGets413EvenIfItCameWithTheHeaders() throws Exception {
		String request = "POST /small-late HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n"
				+ "Connection: close\r\n\r\n";
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			send(socket, request + "14\r\n" + "x".repeat(20) + "\r\n0\r\n\r\n");
			assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 413");
		}
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			send(socket, request + "a\r\n" + "x".repeat(10) + "\r\n0\r\n\r\n");
			assertThat(readUntilClosed(socket)).startsWith("HTTP/1.1 200").endsWith("\r\n10");
		}
	}

	@Test
	void aSessionLastsAcrossRequests() throws Exception {
		HttpResponse<String> first = get("/session");
		String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		assertThat(cookie).startsWith("JSESSIONID=");
		assertThat(first.body()).isEqualTo("1");
		HttpResponse<String> second = client.send(HttpRequest.newBuilder(uri("/session")).header("Cookie", cookie)
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(second.body()).isEqualTo("2");
	}

	@Test
	void aDeferredResultIsAnsweredFromAnotherThread() throws Exception {
		HttpResponse<String> response = get("/deferred");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("later");
	}

	@Test
	void serverSentEventsArriveOneByOneAsSent() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write("GET /sse HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			List<Long> arrivals = new ArrayList<>();
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] buffer = new byte[4096];
			long started = System.nanoTime();
			while (!received.toString(StandardCharsets.UTF_8).contains("data:tick 5")) {
				int read = in.read(buffer);
				assertThat(read).as("the stream ended early: %s", received).isPositive();
				received.write(buffer, 0, read);
				arrivals.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			}
			String text = received.toString(StandardCharsets.UTF_8);
			assertThat(text).startsWith("HTTP/1.1 200").contains("text/event-stream").contains("data:tick 1");
			assertThat(arrivals).as("events arrive as they are sent, not in one piece at the end").hasSizeGreaterThan(2);
		}
	}

	@Test
	void bootsErrorPageAnswersForAnUnknownPath() throws Exception {
		HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/nowhere"))
			.header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("\"status\":404").contains("\"path\":\"/nowhere\"");
	}

	/** Reactor Netty's client, speaking HTTP/2 with prior knowledge. */
	private static reactor.netty.http.client.HttpClient h2c() {
		return reactor.netty.http.client.HttpClient.create().protocol(HttpProtocol.H2C);
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
		socket.getOutputStream().flush();
	}

	private static String readUntilClosed(Socket socket) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		try {
			socket.getInputStream().transferTo(received);
		}
		catch (IOException ex) {
			// Reset after the answer: closed as well.
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://127.0.0.1:" + port + path);
	}

	@SpringBootApplication
	static class MvcApplication {

		@Bean
		ScheduledExecutorService scheduler() {
			return Executors.newSingleThreadScheduledExecutor();
		}

		@Bean
		MvcController mvcController(ScheduledExecutorService scheduler) {
			return new MvcController(scheduler);
		}

	}

	@RestController
	static class MvcController {

		/** One write of the whole declared length: Jetty sends the servlet's own array, as the last content. */
		static final int REUSED_SIZE = 16 * 1024;

		static final int CHUNK_SIZE = 100;

		static final int CHUNK_COUNT = 2000;

		/** More than the socket buffers and Netty's high-water mark can hold between them. */
		static final long FLOOD_SIZE = 256L * 1024 * 1024;

		final AtomicLong written = new AtomicLong();

		private final ScheduledExecutorService scheduler;

		MvcController(ScheduledExecutorService scheduler) {
			this.scheduler = scheduler;
		}

		@GetMapping("/json")
		Map<String, String> json() {
			return Map.of("message", "Hello, World!");
		}

		@GetMapping("/whoami")
		Map<String, Object> whoami(HttpServletRequest request) {
			HttpConnectionFeature connection = RequestFeatures.of(request).get(HttpConnectionFeature.class);
			return Map.of("remoteAddress", request.getRemoteAddr(), "scheme", request.getScheme(), "serverPort",
					request.getServerPort(), "protocol", request.getProtocol(), "connectionLocalPort",
					((InetSocketAddress) connection.localAddress()).getPort());
		}

		@PostMapping("/echo")
		void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("application/octet-stream");
			request.getInputStream().transferTo(response.getOutputStream());
		}

		@PostMapping("/count")
		String count(HttpServletRequest request) throws IOException {
			return String.valueOf(request.getInputStream().transferTo(OutputStream.nullOutputStream()));
		}

		@PostMapping("/lifted")
		@DisableRequestSizeLimit
		String lifted(HttpServletRequest request) throws IOException {
			return count(request);
		}

		@PostMapping("/small")
		@RequestSizeLimit(bytes = 10)
		String small(HttpServletRequest request) throws IOException {
			return count(request);
		}

		/** Reads late, when the first of the body has surely come: the limit still holds for it. */
		@PostMapping("/small-late")
		@RequestSizeLimit(bytes = 10)
		String smallLate(HttpServletRequest request) throws IOException, InterruptedException {
			Thread.sleep(200);
			return count(request);
		}

		@GetMapping("/trailers")
		void trailers(HttpServletResponse response) throws IOException {
			response.setHeader("Trailer", "x-checksum");
			response.setTrailerFields(() -> Map.of("x-checksum", "1234"));
			response.getWriter().write("with trailers");
		}

		@GetMapping("/reused")
		void reused(HttpServletResponse response) throws IOException {
			byte[] body = new byte[REUSED_SIZE];
			Arrays.fill(body, (byte) 'a');
			response.setContentType("text/plain");
			response.setContentLength(body.length);
			response.getOutputStream().write(body);
			Arrays.fill(body, (byte) 'z');
		}

		@GetMapping("/chunks")
		void chunks(HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			byte[] chunk = new byte[CHUNK_SIZE];
			OutputStream out = response.getOutputStream();
			for (int i = 0; i < CHUNK_COUNT; i++) {
				Arrays.fill(chunk, (byte) ('a' + i % 26));
				out.write(chunk);
				out.flush();
			}
		}

		static String chunks() {
			StringBuilder expected = new StringBuilder();
			for (int i = 0; i < CHUNK_COUNT; i++) {
				expected.append(String.valueOf((char) ('a' + i % 26)).repeat(CHUNK_SIZE));
			}
			return expected.toString();
		}

		@GetMapping("/flood")
		void flood(HttpServletResponse response) throws IOException {
			response.setContentType("application/octet-stream");
			byte[] chunk = new byte[8192];
			OutputStream out = response.getOutputStream();
			for (long sent = 0; sent < FLOOD_SIZE; sent += chunk.length) {
				out.write(chunk);
				out.flush();
				this.written.addAndGet(chunk.length);
			}
		}

		@GetMapping("/session")
		String session(HttpSession session) {
			Integer count = (Integer) session.getAttribute("count");
			count = (count != null) ? count + 1 : 1;
			session.setAttribute("count", count);
			return String.valueOf(count);
		}

		@GetMapping("/deferred")
		DeferredResult<String> deferred() {
			DeferredResult<String> result = new DeferredResult<>();
			this.scheduler.schedule(() -> result.setResult("later"), 50, TimeUnit.MILLISECONDS);
			return result;
		}

		@GetMapping("/sse")
		SseEmitter sse() {
			SseEmitter emitter = new SseEmitter();
			for (int i = 1; i <= 5; i++) {
				int tick = i;
				this.scheduler.schedule(() -> {
					try {
						emitter.send(SseEmitter.event().data("tick " + tick));
						if (tick == 5) {
							emitter.complete();
						}
					}
					catch (IOException ex) {
						emitter.completeWithError(ex);
					}
				}, 100L * tick, TimeUnit.MILLISECONDS);
			}
			return emitter;
		}

	}

}

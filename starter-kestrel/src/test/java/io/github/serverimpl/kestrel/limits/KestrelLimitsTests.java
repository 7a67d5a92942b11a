package io.github.serverimpl.kestrel.limits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.features.MinDataRate;
import io.github.serverimpl.features.MinRequestBodyDataRateFeature;
import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.TestHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each limit answers as Kestrel does (status, {@code Connection: close}, connection ended) and logs
 * the limit by name. Raw sockets on loopback, so the bytes are exactly what a client sent.
 */
@ExtendWith(OutputCaptureExtension.class)
class KestrelLimitsTests {

	private static final Duration QUIET = Duration.ofSeconds(3);

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	private int start(KestrelLimits limits) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("test", "http://127.0.0.1:0")));
		factory.setLimits(limits);
		HttpHandler handler = (request, response) -> {
			RequestFeatures features = RequestFeatures.of(request);
			MaxRequestBodySizeFeature bodySize = features.get(MaxRequestBodySizeFeature.class);
			switch (request.getPath().value()) {
				case "/small" -> bodySize.setMaxRequestBodySize(10L);
				case "/unlimited" -> bodySize.setMaxRequestBodySize(null);
				case "/patient" -> features.get(MinRequestBodyDataRateFeature.class).setMinDataRate(null);
				case "/committed" -> {
					// The response starts (and is flushed) before the body is read.
					return response.writeAndFlushWith(Flux.just(Mono.just(text(response, "started ")),
							request.getBody().doOnNext(DataBufferUtils::release).then(Mono.just(text(response, "done")))));
				}
				default -> {
				}
			}
			return TestHandlers.READ_AND_COUNT.handle(request, response);
		};
		this.webServer = factory.getWebServer(handler);
		this.webServer.start();
		return this.webServer.getPort();
	}

	private static DataBuffer text(ServerHttpResponse response, String text) {
		return response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	private static String get(String target, String... headers) {
		return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + String.join("", headers) + "\r\n";
	}

	@Test
	void aRequestLineOverTheLimitGets414AndTheConnectionCloses() throws Exception {
		int port = start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(port)) {
			String response = connection.send(get("/" + "a".repeat(KestrelLimits.DEFAULT_MAX_REQUEST_LINE_SIZE)))
				.readFor(QUIET);
			assertThat(response).startsWith("HTTP/1.1 414").containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).isTrue();
		}
	}

	@Test
	void aRequestLineJustUnderTheLimitIsServed() throws Exception {
		int port = start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(port)) {
			String target = "/" + "a".repeat(KestrelLimits.DEFAULT_MAX_REQUEST_LINE_SIZE - 100);
			assertThat(connection.send(get(target)).readFor(Duration.ofSeconds(1))).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void aHeaderSectionOverTheLimitGets431AndTheConnectionCloses() throws Exception {
		int port = start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(port)) {
			String response = connection.send(get("/", "X-Big: " + "b".repeat(33 * 1024) + "\r\n")).readFor(QUIET);
			assertThat(response).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).isTrue();
		}
	}

	@Test
	void moreHeaderFieldsThanTheLimitGet431AndALogLineNamingTheProperty(CapturedOutput output) throws Exception {
		int port = start(KestrelLimits.DEFAULTS);
		StringBuilder headers = new StringBuilder();
		for (int i = 0; i < KestrelLimits.DEFAULT_MAX_REQUEST_HEADER_COUNT; i++) {
			headers.append("X-H").append(i).append(": v\r\n");
		}
		try (RawConnection connection = new RawConnection(port)) {
			String response = connection.send(get("/", headers.toString())).readFor(QUIET);
			assertThat(response).startsWith("HTTP/1.1 431").containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).isTrue();
		}
		assertThat(output).contains("TOO_MANY_HEADERS (server.kestrel.limits.max-request-header-count=100)");
	}

	@Test
	void aContentLengthOverTheBodyLimitGets413BeforeTheBodyIsSent() throws Exception {
		int port = start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(port)) {
			String response = connection
				.send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: "
						+ (KestrelLimits.DEFAULT_MAX_REQUEST_BODY_SIZE + 1) + "\r\n\r\n")
				.readFor(QUIET);
			assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).isTrue();
		}
	}

	@Test
	void aChunkedBodyThatGrowsPastTheLimitGets413AndTheConnectionCloses(CapturedOutput output) throws Exception {
		int port = start(KestrelLimits.DEFAULTS.withMaxRequestBodySize(1000L));
		try (RawConnection connection = new RawConnection(port)) {
			String chunk = "600\r\n" + "c".repeat(0x600) + "\r\n";
			String response = connection
				.send("POST / HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)
				.readFor(QUIET);
			assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).isTrue();
		}
		assertThat(output).contains("REQUEST_BODY_TOO_LARGE (server.kestrel.limits.max-request-body-size=1000)");
	}

	@Test
	void theApplicationCanLowerTheBodyLimitForOneRequest() throws Exception {
		int port = start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(port)) {
			String response = connection
				.send("POST /small HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n" + "s".repeat(100))
				.readFor(QUIET);
			assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
		}
	}

	@Test
	void theApplicationCanLiftTheBodyLimitForOneRequest() throws Exception {
		int port = start(KestrelLimits.DEFAULTS.withMaxRequestBodySize(1000L));
		try (RawConnection connection = new RawConnection(port)) {
			String chunk = "7D0\r\n" + "u".repeat(2000) + "\r\n0\r\n\r\n";
			String response = connection
				.send("POST /unlimited HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)
				.readFor(Duration.ofSeconds(1));
			assertThat(response).startsWith("HTTP/1.1 200").endsWith("read 2000");
		}
	}

	@Test
	void aBodyWithinTheLimitIsRead() throws Exception {
		int port = start(KestrelLimits.DEFAULTS.withMaxRequestBodySize(1000L));
		try (RawConnection connection = new RawConnection(port)) {
			String response = connection
				.send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n" + "d".repeat(1000))
				.readFor(Duration.ofSeconds(1));
			assertThat(response).startsWith("HTTP/1.1 200").endsWith("read 1000");
		}
	}

	@Test
	void aBodySlowerThanTheMinimumRateGets408AfterTheGracePeriod(CapturedOutput output) throws Exception {
		int port = start(KestrelLimits.DEFAULTS
			.withMinRequestBodyDataRate(new MinDataRate(100, Duration.ofSeconds(1))));
		try (RawConnection connection = new RawConnection(port)) {
			connection.send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nslow");
			String response = connection.readFor(Duration.ofSeconds(5));
			assertThat(response).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).isTrue();
		}
		assertThat(output).contains("REQUEST_BODY_TOO_SLOW (server.kestrel.limits.min-request-body-data-rate=100.0 B/s");
	}

	@Test
	void aBodyTooSlowAfterTheResponseStartedClosesTheConnectionAndTheLogSaysSo(CapturedOutput output) throws Exception {
		int port = start(KestrelLimits.DEFAULTS
			.withMinRequestBodyDataRate(new MinDataRate(100, Duration.ofSeconds(1))));
		try (RawConnection connection = new RawConnection(port)) {
			connection.send("POST /committed HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\nslow");
			String response = connection.readFor(Duration.ofSeconds(5));
			assertThat(response).startsWith("HTTP/1.1 200").contains("started").doesNotContain("done")
				.doesNotContain("408");
			assertThat(connection.closedByServer()).isTrue();
		}
		assertThat(output).contains("REQUEST_BODY_TOO_SLOW (server.kestrel.limits.min-request-body-data-rate=100.0 B/s")
			.contains("closed after the response that had already started (too late for a 408)")
			.doesNotContain("answered 408");
	}

	@Test
	void theApplicationCanTurnOffTheMinimumRateForOneRequest() throws Exception {
		int port = start(KestrelLimits.DEFAULTS
			.withMinRequestBodyDataRate(new MinDataRate(100, Duration.ofSeconds(1))));
		try (RawConnection connection = new RawConnection(port)) {
			connection.send("POST /patient HTTP/1.1\r\nHost: localhost\r\nContent-Length: 8\r\n\r\nslow");
			// Far slower than 100 B/s, for longer than the grace period: the pause is the behaviour under test.
			Thread.sleep(2500);
			connection.send("body");
			assertThat(connection.readFor(Duration.ofSeconds(1))).startsWith("HTTP/1.1 200").endsWith("read 8");
		}
	}

	@Test
	void aBodyThatKeepsUpWithTheMinimumRateIsRead() throws Exception {
		int port = start(KestrelLimits.DEFAULTS
			.withMinRequestBodyDataRate(new MinDataRate(100, Duration.ofSeconds(1))));
		try (RawConnection connection = new RawConnection(port)) {
			connection.send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 600\r\n\r\n");
			for (int i = 0; i < 3; i++) {
				connection.send("x".repeat(200));
				// A client paced at about 285 B/s: the pause is the behaviour under test, not a wait.
				Thread.sleep(700);
			}
			assertThat(connection.readFor(Duration.ofSeconds(1))).startsWith("HTTP/1.1 200").endsWith("read 600");
		}
	}

	@Test
	void headersThatTrickleInPastTheTimeoutGet408(CapturedOutput output) throws Exception {
		int port = start(KestrelLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(500)));
		try (RawConnection connection = new RawConnection(port)) {
			connection.send("GET / HTTP/1.1\r\nHost: localhost\r\n");
			// A slowloris client: the pause between header lines is the behaviour under test.
			Thread.sleep(300);
			connection.send("X-Slow: 1\r\n");
			String response = connection.readFor(QUIET);
			assertThat(response).startsWith("HTTP/1.1 408").containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).isTrue();
		}
		assertThat(output).contains("REQUEST_HEADERS_TIMEOUT (server.kestrel.limits.request-headers-timeout=PT0.5S)");
	}

	@Test
	void anIdleConnectionIsClosedByTheKeepAliveTimeoutNotAnswered408() throws Exception {
		int port = start(KestrelLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300)));
		try (RawConnection connection = new RawConnection(port)) {
			assertThat(connection.send(get("/")).readFor(Duration.ofMillis(1000))).startsWith("HTTP/1.1 200")
				.doesNotContain("408");
			assertThat(connection.closedByServer()).as("open after the headers timeout").isFalse();
			assertThat(connection.readFor(QUIET)).doesNotContain("408");
			assertThat(connection.closedByServer()).as("closed by the keep-alive timeout").isTrue();
		}
	}

	@Test
	void connectionsOverTheLimitAreClosedWithoutAResponseAndCounted(CapturedOutput output) throws Exception {
		int port = start(KestrelLimits.DEFAULTS.withMaxConcurrentConnections(2L));
		try (RawConnection first = new RawConnection(port); RawConnection second = new RawConnection(port)) {
			assertThat(first.send(get("/")).readFor(Duration.ofMillis(500))).startsWith("HTTP/1.1 200");
			assertThat(second.send(get("/")).readFor(Duration.ofMillis(500))).startsWith("HTTP/1.1 200");
			try (RawConnection third = new RawConnection(port)) {
				assertThat(third.send(get("/")).readFor(QUIET)).isEmpty();
				assertThat(third.closedByServer()).isTrue();
			}
			first.close();
			// The slot frees once the server has seen the close.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				try (RawConnection fourth = new RawConnection(port)) {
					assertThat(fourth.send(get("/")).readFor(Duration.ofMillis(1000))).startsWith("HTTP/1.1 200");
				}
			});
		}
		assertThat(output).contains("MAX_CONCURRENT_CONNECTIONS (server.kestrel.limits.max-concurrent-connections=2)");
	}

	@Test
	void pipelinedRequestsAreAnsweredInOrder() throws Exception {
		int port = start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(port)) {
			String response = connection.send(get("/a") + get("/b") + "POST /c HTTP/1.1\r\nHost: localhost\r\n"
					+ "Content-Length: 3\r\nConnection: close\r\n\r\nxyz").readFor(QUIET);
			assertThat(response.split("HTTP/1.1 200", -1)).hasSize(4);
			assertThat(response).endsWith("read 3");
		}
	}

}

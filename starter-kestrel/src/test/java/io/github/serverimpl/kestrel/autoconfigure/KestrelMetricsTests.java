package io.github.serverimpl.kestrel.autoconfigure;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kestrel's meters count what happened on real connections: by endpoint, protocol and end reason.
 */
class KestrelMetricsTests {

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	@Test
	void countsConnectionsByEndpointProtocolAndEndReasonAndRejectionsByReason() throws Exception {
		SimpleMeterRegistry registry = start(KestrelLimits.DEFAULTS);
		try (Socket open = new Socket("127.0.0.1", this.webServer.getPort())) {
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
					registry.get("kestrel.active.connections").tag("endpoint", "test").gauge().value()).isEqualTo(1));
			try (Socket rejected = new Socket("127.0.0.1", this.webServer.getPort())) {
				assertThat(exchange(rejected, "GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400");
			}
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(registry.get("kestrel.active.connections").gauge().value()).isZero();
			assertThat(duration(registry, "client_closed").count()).isEqualTo(1);
			assertThat(duration(registry, "invalid_host").count()).isEqualTo(1);
		});
		assertThat(duration(registry, "client_closed").totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(registry.get("kestrel.rejections").tag("reason", "invalid_host").functionCounter().count())
			.isEqualTo(1);
		assertThat(registry.get("kestrel.rejections").tag("reason", "too_many_headers").functionCounter().count())
			.isZero();
	}

	@Test
	void anIdleConnectionEndsForTheKeepAliveTimeout() throws Exception {
		SimpleMeterRegistry registry = start(KestrelLimits.DEFAULTS.withTimeouts(Duration.ofMillis(500),
				KestrelLimits.DEFAULT_REQUEST_HEADERS_TIMEOUT));
		try (Socket socket = new Socket("127.0.0.1", this.webServer.getPort())) {
			assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 200");
		}
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(duration(registry, "keep_alive_timeout").count()).isEqualTo(1));
	}

	@Test
	void pipelinedRequestsWaitingForTheOneBeforeThemAreQueued() throws Exception {
		SimpleMeterRegistry registry = start(KestrelLimits.DEFAULTS);
		try (Socket socket = new Socket("127.0.0.1", this.webServer.getPort())) {
			String slow = "GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n";
			socket.getOutputStream().write((slow + slow + slow).getBytes(StandardCharsets.US_ASCII));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(registry.get("kestrel.queued.requests").gauge().value()).isEqualTo(2));
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(registry.get("kestrel.queued.requests").gauge().value()).isZero());
		}
	}

	private SimpleMeterRegistry start(KestrelLimits limits) {
		KestrelStatistics statistics = new KestrelStatistics();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new KestrelMetrics(statistics).bindTo(registry);
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("test", "http://127.0.0.1:0")));
		factory.setStatistics(statistics);
		factory.setLimits(limits);
		this.webServer = factory.getWebServer((request, response) -> request.getPath().value().equals("/slow")
				? Mono.delay(Duration.ofMillis(500)).then(response.setComplete()) : response.setComplete());
		this.webServer.start();
		return registry;
	}

	private static Timer duration(SimpleMeterRegistry registry, String endReason) {
		return registry.get("kestrel.connection.duration")
			.tags("endpoint", "test", "protocol", "HTTP/1.1", "end.reason", endReason)
			.timer();
	}

	private static String exchange(Socket socket, String request) throws Exception {
		socket.setSoTimeout(5000);
		OutputStream out = socket.getOutputStream();
		out.write(request.getBytes(StandardCharsets.US_ASCII));
		out.flush();
		InputStream in = socket.getInputStream();
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

}

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
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kestrel's meters count what happened on real connections.
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
	void countsOpenAndClosedConnectionsAndRejectionsByReason() throws Exception {
		KestrelStatistics statistics = new KestrelStatistics();
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("test", "http://127.0.0.1:0")));
		factory.setStatistics(statistics);
		this.webServer = factory.getWebServer((request, response) -> response.setComplete());
		this.webServer.start();
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new KestrelMetrics(statistics).bindTo(registry);
		try (Socket open = new Socket("127.0.0.1", this.webServer.getPort())) {
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(registry.get("kestrel.active.connections").gauge().value()).isEqualTo(1));
			try (Socket rejected = new Socket("127.0.0.1", this.webServer.getPort())) {
				exchange(rejected, "GET / HTTP/1.1\r\n\r\n");
			}
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(registry.get("kestrel.active.connections").gauge().value()).isZero();
			assertThat(registry.get("kestrel.connection.duration").functionTimer().count()).isEqualTo(2);
		});
		assertThat(registry.get("kestrel.connection.duration").functionTimer().totalTime(TimeUnit.NANOSECONDS))
			.isPositive();
		assertThat(registry.get("kestrel.rejections").tag("reason", "invalid_host").functionCounter().count())
			.isEqualTo(1);
		assertThat(registry.get("kestrel.rejections").tag("reason", "too_many_headers").functionCounter().count())
			.isZero();
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

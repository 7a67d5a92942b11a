package io.github.serverimpl.kestrel.limits;

import java.time.Duration;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.boot.web.server.WebServer;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Upgraded (WebSocket) connections count against {@code max-concurrent-upgraded-connections}
 * instead of {@code max-concurrent-connections}; an upgrade request over the limit gets 503. What a
 * client sends before its upgrade request is answered reaches the new protocol, within bounds.
 */
class UpgradedConnectionsTests {

	private WebServer webServer;

	private final KestrelStatistics statistics = new KestrelStatistics();

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	private String start(KestrelLimits limits) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("ws", "http://127.0.0.1:0")));
		factory.setLimits(limits);
		factory.setStatistics(this.statistics);
		this.webServer = factory.getWebServer((request, response) -> {
			if (request.getPath().value().equals("/never")) {
				return Mono.never();
			}
			if (request.getHeaders().getUpgrade() != null) {
				HttpServerResponse nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
				return nativeResponse.sendWebsocket((in, out) -> out.sendString(in.receive().asString()));
			}
			return response.writeWith(Mono.just(response.bufferFactory().wrap("plain".getBytes())));
		});
		this.webServer.start();
		return "ws://127.0.0.1:" + this.webServer.getPort() + "/";
	}

	@Test
	void aFrameSentInThePacketOfTheHandshakeReachesTheWebSocket() throws Exception {
		start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(this.webServer.getPort())) {
			// RFC 6455 section 5.7: a masked text frame, "Hello", right behind the handshake.
			String frame = "\u0081\u0085\u0037\u00fa\u0021\u003d\u007f\u009f\u004d\u0051\u0058";
			String response = connection.send(upgradeRequest("/") + frame).readFor(Duration.ofSeconds(1));
			assertThat(response).startsWith("HTTP/1.1 101 ").endsWith("\r\n\r\n\u0081\u0005Hello");
		}
	}

	@Test
	void aClientThatSendsTooMuchBeforeItsUpgradeIsAnsweredIsClosed() throws Exception {
		start(KestrelLimits.DEFAULTS);
		try (RawConnection connection = new RawConnection(this.webServer.getPort())) {
			String early = "x".repeat(KestrelLimits.DEFAULTS.maxRequestHeadersTotalSize() + 1);
			String response = connection.send(upgradeRequest("/never") + early).readFor(Duration.ofSeconds(5));
			assertThat(response).isEmpty();
			assertThat(connection.closedByServer()).isTrue();
		}
		assertThat(this.statistics.rejections(RejectionReason.DATA_BEFORE_UPGRADE_ANSWER)).isEqualTo(1);
	}

	private static String upgradeRequest(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
				+ "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
	}

	@Test
	void anUpgradedConnectionOutlivesTheRequestHeadersTimeout() {
		String ws = start(KestrelLimits.DEFAULTS.withTimeouts(Duration.ofSeconds(30), Duration.ofMillis(300)));
		String echoed = HttpClient.create().websocket().uri(ws)
			.handle((in, out) -> out.sendString(Mono.just("late").delaySubscription(Duration.ofMillis(1200))).then()
				.thenMany(in.receive().asString().take(1)))
			.blockFirst(Duration.ofSeconds(10));
		assertThat(echoed).isEqualTo("late");
	}

	@Test
	void upgradesOverTheLimitGet503AndUpgradedConnectionsFreeTheirRegularSlot() throws Exception {
		String ws = start(KestrelLimits.DEFAULTS.withMaxConcurrentConnections(1L).withMaxConcurrentUpgradedConnections(1L));
		Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
		Disposable first = HttpClient.create().websocket().uri(ws)
			.handle((in, out) -> out.sendString(outbound.asFlux()).then().and(in.receive().then()))
			.subscribe();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> this.statistics.upgradedConnections() == 1);
			assertThatThrownBy(() -> HttpClient.create().websocket().uri(ws)
				.handle((in, out) -> in.receive().asString().take(1))
				.blockLast(Duration.ofSeconds(5))).hasMessageContaining("503");
			assertThat(this.statistics.rejections(RejectionReason.MAX_CONCURRENT_UPGRADED_CONNECTIONS)).isEqualTo(1);
			String plain = HttpClient.create().get().uri("http://127.0.0.1:" + this.webServer.getPort() + "/")
				.responseContent().aggregate().asString().block(Duration.ofSeconds(5));
			assertThat(plain).as("the upgraded connection no longer holds the only regular slot").isEqualTo("plain");
		}
		finally {
			first.dispose();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.statistics.upgradedConnections() == 0);
	}

}

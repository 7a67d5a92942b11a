package io.github.serverimpl.kestrel.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the starter puts on the classpath for servlet WebSocket leaves WebFlux alone: Spring WebFlux
 * chooses its upgrade strategy by the classes it finds, and Jetty's native WebSocket API would make
 * it choose Jetty's, which Kestrel's Reactor Netty cannot serve (every WebSocket handshake of a
 * reactive application would get 500).
 */
class WebSocketClasspathTests {

	@Test
	void webFluxUpgradesThroughReactorNetty() {
		assertThat(new HandshakeWebSocketService().getUpgradeStrategy())
			.isInstanceOf(ReactorNettyRequestUpgradeStrategy.class);
	}

}

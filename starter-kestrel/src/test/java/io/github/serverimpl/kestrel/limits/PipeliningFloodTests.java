package io.github.serverimpl.kestrel.limits;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that pipelines requests without end and never reads the responses cannot make the
 * server hold an unbounded backlog: the server stops reading when it cannot write, and Reactor
 * Netty closes a connection whose pipeline goes deeper than 128 requests. Other clients are still
 * served.
 */
class PipeliningFloodTests {

	private static final int REQUESTS = 200_000;

	private static final long ALLOWED_HEAP_GROWTH = 64L * 1024 * 1024;

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	@Test
	void aPipeliningFloodKeepsMemoryBoundedAndOtherClientsServed() throws Exception {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("test", "http://127.0.0.1:0")));
		this.webServer = factory.getWebServer((request, response) -> response
			.writeWith(Mono.just(response.bufferFactory().wrap("Hello, World!".getBytes(StandardCharsets.UTF_8)))));
		this.webServer.start();
		long heapBefore = usedHeap();
		byte[] request = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		try (Socket flood = new Socket("127.0.0.1", this.webServer.getPort())) {
			Thread writer = new Thread(() -> {
				try {
					OutputStream out = flood.getOutputStream();
					for (int i = 0; i < REQUESTS; i++) {
						out.write(request);
					}
				}
				catch (IOException ex) {
					// the server closed the connection, or backpressure held the writer until the test ended
				}
			}, "flood");
			writer.setDaemon(true);
			writer.start();
			writer.join(Duration.ofSeconds(3).toMillis());
			assertThat(usedHeap() - heapBefore).as("heap growth while flooded").isLessThan(ALLOWED_HEAP_GROWTH);
			try (RawConnection other = new RawConnection(this.webServer.getPort())) {
				assertThat(other.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n").readFor(Duration.ofSeconds(2)))
					.startsWith("HTTP/1.1 200").endsWith("Hello, World!");
			}
		}
	}

	private static long usedHeap() {
		System.gc();
		Runtime runtime = Runtime.getRuntime();
		return runtime.totalMemory() - runtime.freeMemory();
	}

}

package io.github.serverimpl.kestrel.limits;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.serverimpl.features.MinDataRate;
import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that stops reading a response is cut off once the grace period is over
 * ({@code min-response-data-rate}): the server does not hold the connection and its buffers
 * forever.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResponseDataRateTests {

	private WebServer webServer;

	private final KestrelStatistics statistics = new KestrelStatistics();

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	@Test
	void aClientThatStopsReadingIsAbortedAfterTheGracePeriod(CapturedOutput output) throws Exception {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("test", "http://127.0.0.1:0")));
		factory.setLimits(KestrelLimits.DEFAULTS
			.withMinResponseDataRate(new MinDataRate(1000, Duration.ofSeconds(1))));
		factory.setStatistics(this.statistics);
		byte[] chunk = new byte[64 * 1024];
		this.webServer = factory.getWebServer((request, response) -> response
			.writeWith(Flux.range(0, 1600).map((i) -> (DataBuffer) response.bufferFactory().wrap(chunk))));
		this.webServer.start();
		try (Socket socket = new Socket("127.0.0.1", this.webServer.getPort())) {
			socket.setReceiveBufferSize(4096);
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			await().atMost(Duration.ofSeconds(15))
				.until(() -> this.statistics.rejections(RejectionReason.RESPONSE_TOO_SLOW) == 1);
			socket.setSoTimeout(5000);
			InputStream in = socket.getInputStream();
			long received = 0;
			boolean reset = false;
			try {
				byte[] buffer = new byte[64 * 1024];
				int read;
				while ((read = in.read(buffer)) != -1) {
					received += read;
				}
			}
			catch (SocketException ex) {
				reset = true;
			}
			assertThat(received).as("bytes before the abort").isLessThan(1600L * chunk.length);
			assertThat(reset).as("aborted with a reset, not closed after what the kernel still held to send").isTrue();
		}
		assertThat(output).contains("RESPONSE_TOO_SLOW (server.kestrel.limits.min-response-data-rate=1000.0 B/s");
	}

	/**
	 * A client that reads a long response steadily, if slower than the server writes it, keeps its
	 * connection: the server waits to write the whole time, but the client takes far more than the
	 * minimum rate each second. (The body goes out as Reactor Netty writes it, plain buffers.)
	 */
	@Test
	void aClientThatReadsSteadilyButSlowerThanTheServerWritesIsNotCutOff() throws Exception {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("test", "http://127.0.0.1:0")));
		factory.setLimits(KestrelLimits.DEFAULTS
			.withMinResponseDataRate(new MinDataRate(240, Duration.ofSeconds(1))));
		factory.setStatistics(this.statistics);
		byte[] chunk = new byte[64 * 1024];
		int chunks = 256;
		this.webServer = factory.getWebServer((request, response) -> response
			.writeWith(Flux.range(0, chunks).map((i) -> (DataBuffer) response.bufferFactory().wrap(chunk))));
		this.webServer.start();
		try (Socket socket = new Socket("127.0.0.1", this.webServer.getPort())) {
			socket.setReceiveBufferSize(16 * 1024);
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			long received = 0;
			byte[] buffer = new byte[16 * 1024];
			long started = System.nanoTime();
			int read;
			while ((read = in.read(buffer)) != -1) {
				received += read;
				// About 3 MB/s at most: the server's writes wait on the client for about 5 seconds.
				Thread.sleep(5);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time the client took")
				.isGreaterThan(Duration.ofSeconds(2));
			assertThat(received).as("bytes received").isGreaterThan((long) chunks * chunk.length);
		}
		assertThat(this.statistics.rejections(RejectionReason.RESPONSE_TOO_SLOW)).isZero();
	}

}

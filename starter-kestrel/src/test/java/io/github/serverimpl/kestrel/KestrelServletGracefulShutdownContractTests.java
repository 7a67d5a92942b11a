package io.github.serverimpl.kestrel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.servlet.ServletContextInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The graceful shutdown part of the servlet web server factory contract: new connections are
 * refused at once, async and blocking requests in flight finish, a connection whose response
 * finished during the grace period closes, an idle connection holds nothing up, and a stop during
 * the grace period reports the requests still active.
 */
class KestrelServletGracefulShutdownContractTests extends AbstractServletContractTests {

	private final AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();

	private final CountDownLatch shutDown = new CountDownLatch(1);

	@Test
	void anAsyncRequestInFlightFinishesAndNewConnectionsAreRefused() throws Exception {
		CountDownLatch inFlight = new CountDownLatch(1);
		AtomicReference<AsyncContext> pending = new AtomicReference<>();
		start(graceful(), asyncServlet(pending, inFlight));
		int port = this.webServer.getPort();
		CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request("/async").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
		shutDownGracefully();
		awaitRefused(port);
		assertThat(this.shutDown.getCount()).as("still waiting for the async request").isEqualTo(1);
		AsyncContext async = pending.get();
		async.getResponse().getWriter().write("finished");
		async.complete();
		assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("finished");
		assertIdle();
	}

	@Test
	void aBlockingRequestInFlightFinishes() throws Exception {
		CountDownLatch inFlight = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		start(graceful(), blocking(inFlight, release));
		int port = this.webServer.getPort();
		CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request("/blocking").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
		shutDownGracefully();
		awaitRefused(port);
		assertThat(this.shutDown.getCount()).as("still waiting for the blocking request").isEqualTo(1);
		release.countDown();
		assertThat(answer.get(10, TimeUnit.SECONDS).body()).isEqualTo("finished");
		assertIdle();
	}

	@Test
	void aKeptAliveConnectionWhoseResponseFinishesDuringTheGracePeriodCloses() throws Exception {
		CountDownLatch inFlight = new CountDownLatch(1);
		AtomicReference<AsyncContext> pending = new AtomicReference<>();
		start(graceful(), asyncServlet(pending, inFlight));
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.webServer.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET /async HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
			shutDownGracefully();
			AsyncContext async = pending.get();
			async.getResponse().getWriter().write("finished");
			async.complete();
			String exchange = readToEnd(socket.getInputStream());
			assertThat(exchange).startsWith("HTTP/1.1 200").endsWith("finished");
			assertThat(exchange.toLowerCase()).as("the client is told not to send more")
				.contains("connection: close");
		}
		assertIdle();
	}

	@Test
	void anIdleConnectionDoesNotHoldUpTheShutdown() throws Exception {
		start(graceful(), hello());
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.webServer.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			InputStream in = socket.getInputStream();
			String response = readResponse(in);
			assertThat(response).startsWith("HTTP/1.1 200").endsWith("Hello World");
			shutDownGracefully();
			assertIdle();
			assertThat(in.read()).as("the idle connection is closed").isEqualTo(-1);
		}
	}

	@Test
	void stopDuringTheGracePeriodReportsTheRequestsStillActive() throws Exception {
		CountDownLatch inFlight = new CountDownLatch(1);
		start(graceful(), asyncServlet(new AtomicReference<>(), inFlight));
		client.sendAsync(request("/async").build(), HttpResponse.BodyHandlers.discarding());
		assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();
		shutDownGracefully();
		this.webServer.stop();
		assertThat(this.shutDown.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.result.get()).isEqualTo(GracefulShutdownResult.REQUESTS_ACTIVE);
	}

	private static KestrelServletWebServerFactory graceful() {
		KestrelServletWebServerFactory factory = factory();
		factory.setShutdown(Shutdown.GRACEFUL);
		return factory;
	}

	private void shutDownGracefully() {
		this.webServer.shutDownGracefully((outcome) -> {
			this.result.set(outcome);
			this.shutDown.countDown();
		});
	}

	private void assertIdle() throws InterruptedException {
		assertThat(this.shutDown.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.result.get()).as("idle once the requests completed within the grace period")
			.isEqualTo(GracefulShutdownResult.IDLE);
	}

	/** Read until the server closes the connection (or the socket's timeout fails the test). */
	private static String readToEnd(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	/** Read one response with a {@code Content-Length}, leaving the connection open. */
	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int length = -1;
		while (length < 0 || bytes.size() < length) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			bytes.write(next);
			String text = bytes.toString(StandardCharsets.ISO_8859_1);
			int end = text.indexOf("\r\n\r\n");
			if (length < 0 && end >= 0) {
				String declared = text.toLowerCase().split("content-length: ")[1].split("\r\n")[0];
				length = end + 4 + Integer.parseInt(declared.trim());
			}
		}
		return bytes.toString(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A servlet at {@code /async} that starts an async request without a timeout and leaves it
	 * pending.
	 */
	private static ServletContextInitializer asyncServlet(AtomicReference<AsyncContext> pending,
			CountDownLatch started) {
		return (context) -> {
			ServletRegistration.Dynamic registration = context.addServlet("async", new HttpServlet() {

				@Override
				protected void doGet(HttpServletRequest request, HttpServletResponse response) {
					AsyncContext async = request.startAsync();
					async.setTimeout(0);
					pending.set(async);
					started.countDown();
				}

			});
			registration.setAsyncSupported(true);
			registration.addMapping("/async");
		};
	}

}

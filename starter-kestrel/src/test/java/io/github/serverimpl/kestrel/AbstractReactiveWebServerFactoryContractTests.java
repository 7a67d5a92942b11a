package io.github.serverimpl.kestrel;

import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.server.FeatureWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every reactive web server factory must show (Spring Boot's own contract tests are
 * not published). Subclasses supply the factory; the tests use real sockets on loopback.
 */
abstract class AbstractReactiveWebServerFactoryContractTests {

	protected WebServer webServer;

	protected final CountDownLatch slowRequestArrived = new CountDownLatch(1);

	/** Set when the slow request's answer starts, after its delay. */
	private final AtomicBoolean slowRequestAnswering = new AtomicBoolean();

	protected abstract ConfigurableReactiveWebServerFactory createFactory();

	@AfterEach
	void stopServer() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	protected HttpHandler handler() {
		return (request, response) -> {
			String body = switch (request.getPath().value()) {
				case "/slow" -> null;
				case "/features" -> {
					RequestFeatures features = RequestFeatures.of(request);
					HttpProtocolFeature protocol = features.get(HttpProtocolFeature.class);
					HttpConnectionFeature connection = features.get(HttpConnectionFeature.class);
					yield protocol.protocol() + " " + connection.connectionId() + " " + connection.remoteAddress();
				}
				default -> "Hello";
			};
			if (body == null) {
				this.slowRequestArrived.countDown();
				return Mono.delay(Duration.ofMillis(1500))
					.then(Mono.fromRunnable(() -> this.slowRequestAnswering.set(true)))
					.then(write(response, "slow"));
			}
			return write(response, body);
		};
	}

	private static Mono<Void> write(org.springframework.http.server.reactive.ServerHttpResponse response,
			String text) {
		DataBuffer buffer = response.bufferFactory().wrap(text.getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(buffer));
	}

	protected WebServer start(ConfigurableReactiveWebServerFactory factory) {
		this.webServer = factory.getWebServer(handler());
		this.webServer.start();
		return this.webServer;
	}

	protected String url(String path) {
		return "http://127.0.0.1:" + this.webServer.getPort() + path;
	}

	@Test
	void startsOnADynamicPortAndReportsTheRealPort() {
		ConfigurableReactiveWebServerFactory factory = createFactory();
		factory.setPort(0);
		start(factory);
		assertThat(this.webServer.getPort()).isPositive();
		assertThat(TestClients.get(url("/")).body()).isEqualTo("Hello");
	}

	@Test
	void reportsTheBoundAddressAsAFeature() {
		ConfigurableReactiveWebServerFactory factory = createFactory();
		factory.setAddress(java.net.InetAddress.getLoopbackAddress());
		factory.setPort(0);
		start(factory);
		assertThat(this.webServer).isInstanceOf(FeatureWebServer.class);
		assertThat(((FeatureWebServer) this.webServer).getServerFeatures().getAddresses().getAddresses())
			.contains("http://127.0.0.1:" + this.webServer.getPort());
	}

	@Test
	void stopsListeningWhenStoppedAndListensAgainWhenRestarted() {
		ConfigurableReactiveWebServerFactory factory = createFactory();
		factory.setPort(0);
		start(factory);
		String url = url("/");
		this.webServer.stop();
		assertThatThrownBy(() -> TestClients.get(url)).hasRootCauseInstanceOf(ConnectException.class);
		this.webServer.start();
		assertThat(TestClients.get(url("/")).status()).isEqualTo(200);
	}

	@Test
	void aPortInUseIsReportedAsPortInUseException() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			ConfigurableReactiveWebServerFactory factory = createFactory();
			factory.setAddress(java.net.InetAddress.getLoopbackAddress());
			factory.setPort(taken.getLocalPort());
			this.webServer = factory.getWebServer(handler());
			assertThatExceptionOfType(PortInUseException.class).isThrownBy(this.webServer::start)
				.satisfies((ex) -> assertThat(ex.getPort()).isEqualTo(taken.getLocalPort()));
		}
	}

	@Test
	void attachesConnectionAndProtocolFeaturesToEachRequest() {
		ConfigurableReactiveWebServerFactory factory = createFactory();
		factory.setPort(0);
		start(factory);
		String[] features = TestClients.get(url("/features")).body().split(" ");
		assertThat(features[0]).isEqualTo("HTTP/1.1");
		assertThat(features[1]).isNotBlank();
		assertThat(features[2]).contains("127.0.0.1");
	}

	@Test
	void gracefulShutdownLetsTheRequestInFlightFinishAndRefusesNewConnections() throws Exception {
		ConfigurableReactiveWebServerFactory factory = createFactory();
		factory.setPort(0);
		factory.setShutdown(Shutdown.GRACEFUL);
		start(factory);
		String slowUrl = url("/slow");
		String helloUrl = url("/");
		CompletableFuture<TestClients.Response> inFlight = CompletableFuture
			.supplyAsync(() -> TestClients.get(slowUrl));
		assertThat(this.slowRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		AtomicBoolean answeredFirst = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(1);
		this.webServer.shutDownGracefully((outcome) -> {
			result.set(outcome);
			answeredFirst.set(this.slowRequestAnswering.get());
			done.countDown();
		});
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(() -> TestClients.get(helloUrl))
			.hasRootCauseInstanceOf(ConnectException.class));
		assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow");
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(result.get()).isEqualTo(GracefulShutdownResult.IDLE);
		assertThat(answeredFirst).as("the shutdown ended after the request in flight was answered").isTrue();
	}

	@Test
	void aResponseFinishedDuringAGracefulShutdownSaysTheConnectionCloses() throws Exception {
		ConfigurableReactiveWebServerFactory factory = createFactory();
		factory.setPort(0);
		factory.setShutdown(Shutdown.GRACEFUL);
		start(factory);
		try (Socket socket = new Socket("127.0.0.1", this.webServer.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			assertThat(this.slowRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();
			this.webServer.shutDownGracefully((outcome) -> {
			});
			String exchange = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(exchange).startsWith("HTTP/1.1 200").endsWith("slow");
			assertThat(exchange.toLowerCase()).as("a keep-alive client must not send more on it")
				.contains("connection: close");
		}
	}

	@Test
	void aConnectionAcceptedJustBeforeAGracefulShutdownHasItsFirstRequestServed() throws Exception {
		KestrelReactiveWebServerFactory factory = (KestrelReactiveWebServerFactory) createFactory();
		factory.setPort(0);
		factory.setShutdown(Shutdown.GRACEFUL);
		start(factory);
		int port = this.webServer.getPort();
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			await().atMost(Duration.ofSeconds(10)).until(() -> factory.getStatistics().activeConnections() == 1);
			this.webServer.shutDownGracefully((outcome) -> {
			});
			// The listener is closed: whatever comes next, comes on the connection already accepted.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(
					() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class));
			socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			String exchange = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
			assertThat(exchange).startsWith("HTTP/1.1 200").endsWith("Hello");
			assertThat(exchange.toLowerCase()).contains("connection: close");
		}
	}

	@RepeatedTest(5)
	void stopDuringAGracefulShutdownReportsTheRequestsItCutOnce() throws Exception {
		ConfigurableReactiveWebServerFactory factory = createFactory();
		factory.setPort(0);
		factory.setShutdown(Shutdown.GRACEFUL);
		start(factory);
		String slowUrl = url("/slow");
		CompletableFuture<TestClients.Response> inFlight = CompletableFuture
			.supplyAsync(() -> TestClients.get(slowUrl));
		assertThat(this.slowRequestArrived.await(10, TimeUnit.SECONDS)).isTrue();
		int port = this.webServer.getPort();
		List<GracefulShutdownResult> results = new CopyOnWriteArrayList<>();
		this.webServer.shutDownGracefully(results::add);
		this.webServer.stop();
		// A plain socket: a pooled client connection could belong to an earlier server on the same port.
		assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
		// stop() waits a little for the request in flight, as Boot's servers do; the graceful wait did not end it.
		await().atMost(Duration.ofSeconds(10)).until(inFlight::isDone);
		assertThat(results).containsExactly(GracefulShutdownResult.REQUESTS_ACTIVE);
	}

}

package io.github.serverimpl.kestrel;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.serverimpl.features.ServerAddress;
import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import io.github.serverimpl.server.FeatureWebServer;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The lifecycle part of the servlet web server factory contract: a server started again after a
 * stop, port {@code -1} (no socket at all), the port reported after destruction, when servlets
 * loaded on start-up are initialized and when the context is destroyed, a plain stop with a
 * request in flight, a port in use on a second endpoint, an address that is not this machine's,
 * HTTP/1.1 beside h2c, and the start-up lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class KestrelServletLifecycleContractTests extends AbstractServletContractTests {

	@Test
	void aStoppedServerServesAgainWhenStartedAgain() throws Exception {
		start(factory(), hello());
		assertThat(get("/hello").body()).isEqualTo("Hello World");
		int port = this.webServer.getPort();
		this.webServer.stop();
		assertThat(refused(port)).isTrue();
		this.webServer.start();
		assertThat(this.webServer.getPort()).isPositive();
		assertThat(get("/hello").body()).isEqualTo("Hello World");
	}

	@Test
	void portMinusOneStartsTheContextAndListensNowhere(CapturedOutput output) {
		AtomicInteger initialized = new AtomicInteger();
		KestrelServletWebServerFactory factory = factory();
		factory.setPort(-1);
		start(factory, (context) -> context.addServlet("eager", new HttpServlet() {

			@Override
			public void init() {
				initialized.incrementAndGet();
			}

		}).setLoadOnStartup(1));
		assertThat(this.webServer.getPort()).isEqualTo(-1);
		assertThat(initialized).hasValue(1);
		assertThat(output).doesNotContain("Now listening on");
	}

	@Test
	void theReportedPortIsMinusOneOnceTheServerIsDestroyed() {
		start(factory(), hello());
		assertThat(this.webServer.getPort()).isPositive();
		this.webServer.destroy();
		assertThat(this.webServer.getPort()).isEqualTo(-1);
	}

	@Test
	void aServletLoadedOnStartupIsInitializedByStartNotBefore() {
		AtomicInteger initialized = new AtomicInteger();
		this.webServer = factory().getWebServer((context) -> context.addServlet("eager", new HttpServlet() {

			@Override
			public void init() {
				initialized.incrementAndGet();
			}

		}).setLoadOnStartup(1));
		assertThat(initialized).hasValue(0);
		this.webServer.start();
		assertThat(initialized).hasValue(1);
	}

	@Test
	void stopLeavesTheServletContextAndDestroyEndsIt() {
		CountDownLatch destroyed = new CountDownLatch(1);
		start(factory(), hello(), (context) -> context.addListener(new ServletContextListener() {

			@Override
			public void contextDestroyed(ServletContextEvent event) {
				destroyed.countDown();
			}

		}));
		this.webServer.stop();
		assertThat(destroyed.getCount()).as("destroyed by stop").isEqualTo(1);
		this.webServer.destroy();
		assertThat(destroyed.getCount()).as("destroyed by destroy").isZero();
	}

	@Test
	void aPlainStopReturnsWhileARequestIsInFlight() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		start(factory(), blocking(entered, release));
		CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(request("/blocking").build(),
				HttpResponse.BodyHandlers.ofString());
		try {
			assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
			int port = this.webServer.getPort();
			CompletableFuture.runAsync(this.webServer::stop).get(20, TimeUnit.SECONDS);
			assertThat(refused(port)).isTrue();
		}
		finally {
			release.countDown();
			inFlight.handle((response, failure) -> null).get(20, TimeUnit.SECONDS);
		}
	}

	@Test
	void aPortInUseOnASecondEndpointFailsStartUpWithPortInUseException() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			KestrelServletWebServerFactory factory = factory();
			factory.setEndpoints(List.of(EndpointOptions.of("first", "http://127.0.0.1:0"),
					EndpointOptions.of("second", "http://127.0.0.1:" + taken.getLocalPort())));
			this.webServer = factory.getWebServer(hello());
			assertThatExceptionOfType(PortInUseException.class).isThrownBy(this.webServer::start)
				.satisfies((ex) -> assertThat(ex.getPort()).isEqualTo(taken.getLocalPort()));
		}
	}

	@Test
	void anAddressThatIsNotThisMachinesFailsStartUpButNotAsAPortInUse() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		// TEST-NET-2 (RFC 5737): never an address of this machine.
		factory.setAddress(InetAddress.getByName("198.51.100.1"));
		this.webServer = factory.getWebServer(hello());
		assertThatException().isThrownBy(this.webServer::start)
			.isInstanceOf(WebServerException.class)
			.isNotInstanceOf(PortInUseException.class);
	}

	@Test
	void withHttp2OnAndNoTlsHttp11StillWorks() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		start(factory, hello());
		HttpResponse<String> response = get("/hello");
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
		assertThat(response.body()).isEqualTo("Hello World");
		HttpResponse<String> h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.webServer.getPort() + "/hello"))
				.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(h2c.version()).as("upgraded to h2c").isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(h2c.body()).isEqualTo("Hello World");
	}

	/**
	 * Each bound address, then Spring Boot's conventional line, once, also when start is called
	 * again; like Boot's Tomcat and Jetty, the line names the context path.
	 */
	@Test
	void theStartUpLinesNameWhatWasBoundOnce(CapturedOutput output) {
		start(factory(), hello());
		this.webServer.start();
		assertThat(output).containsOnlyOnce("Now listening on: http://127.0.0.1:" + this.webServer.getPort())
			.containsOnlyOnce("Kestrel started on port " + this.webServer.getPort() + " (http) with context path '/'");
	}

	@Test
	void theStartUpLineNamesTheContextPath(CapturedOutput output) {
		KestrelServletWebServerFactory factory = factory();
		factory.setContextPath("/app");
		start(factory, hello());
		assertThat(output)
			.containsOnlyOnce("Kestrel started on port " + this.webServer.getPort() + " (http) with context path '/app'");
	}

	@Test
	void theStartUpLineNamesEveryPortAndTheContextPath(CapturedOutput output) {
		KestrelServletWebServerFactory factory = factory();
		factory.setEndpoints(List.of(EndpointOptions.of("a", "http://127.0.0.1:0"),
				EndpointOptions.of("b", "http://127.0.0.1:0")));
		factory.setContextPath("/app");
		start(factory, hello());
		List<Integer> ports = ((FeatureWebServer) this.webServer).getServerFeatures().getAddresses().getAddresses()
			.stream().map((address) -> ServerAddress.parse(address).port()).toList();
		assertThat(output).containsOnlyOnce("Kestrel started on ports " + ports.get(0) + " (http), " + ports.get(1)
				+ " (http) with context path '/app'");
	}

}

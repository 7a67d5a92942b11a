package io.github.serverimpl.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.MountableFile;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two demo instances behind one Nginx upstream ({@code docs/deploy/nginx/kestrel-upstream.conf}),
 * restarted one at a time with graceful shutdown while clients keep sending requests: not one
 * request fails, and a server-sent event stream in flight when an instance is told to stop runs to
 * its last event and its end.
 */
class RollingRestartIntegrationTests {

	private static final int CLIENTS = 4;

	private final List<DemoProcess> instances = new ArrayList<>();

	private GenericContainer<?> nginx;

	@RegisterExtension
	final PrintLogsOnFailure printLogsOnFailure = new PrintLogsOnFailure().container("Nginx", () -> this.nginx)
		.log("instances", () -> String.join("\n", this.instances.stream().map(DemoProcess::logText).toList()));

	@AfterEach
	void stop() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.stop();
		}
		for (DemoProcess instance : this.instances) {
			instance.close();
		}
	}

	@Test
	void restartingEachInstanceInTurnFailsNoRequest() throws Exception {
		int portA = TestPorts.next();
		int portB = TestPorts.next();
		// The instances' logs stay in target/ after the test (a @TempDir is gone when the watcher prints them).
		Path logs = Files.createDirectories(Path.of("target", "it-logs", "rolling-restart-" + demo() + "-" + System.currentTimeMillis()));
		DemoProcess a = DemoProcess.launch(demo(), logs.resolve("a.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + portA);
		DemoProcess b = DemoProcess.launch(demo(), logs.resolve("b.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + portB);
		this.instances.addAll(List.of(a, b));
		a.awaitStarted();
		b.awaitStarted();
		int proxyPort = TestPorts.next();
		this.nginx = new GenericContainer<>(ProxyImages.NGINX).withNetworkMode("host")
			.withCopyToContainer(MountableFile.forClasspathResource("nginx/nginx.conf"), "/etc/nginx/nginx.conf")
			.withCopyToContainer(NginxIntegrationTests.site(Recipe.load("nginx/kestrel-upstream.conf")
				.listen(80, proxyPort)
				.replace("127.0.0.1:5000", "127.0.0.1:" + portA)
				.replace("127.0.0.1:5002", "127.0.0.1:" + portB)), "/etc/nginx/sites/upstream.conf");
		this.nginx.start();
		NginxIntegrationTests.awaitListening(proxyPort);

		Load load = new Load("http://localhost:" + proxyPort + "/server/addresses");
		load.start();
		awaitServed(load, portA, portB);
		for (DemoProcess instance : List.of(a, b)) {
			int port = (instance == a) ? portA : portB;
			InFlightEvents events = new InFlightEvents("http://127.0.0.1:" + port + "/sse");
			events.awaitFirstEvent();
			assertThat(instance.stop()).as("exit code after graceful shutdown").isIn(0, 143);
			assertThat(events.whole()).as("the event stream in flight during the shutdown")
				.contains("data:tick 1\n", "data:tick 10\n");
			instance.restart();
			awaitServed(load, portA, portB);
		}
		long beforeLastSecond = load.byInstance(portA) + load.byInstance(portB);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> load.byInstance(portA) + load.byInstance(portB) > beforeLastSecond + 100);
		load.stop();

		System.out.printf("Rolling restart: %d requests succeeded, %d failed; instance A served %d, B %d%n",
				load.successes(), load.failures(), load.byInstance(portA), load.byInstance(portB));
		assertThat(load.failures()).as("failed requests (first failure: %s)", load.firstFailure()).isZero();
		assertThat(load.successes()).isGreaterThan(100);
		assertThat(load.byInstance(portA) + load.byInstance(portB)).isGreaterThan(beforeLastSecond);
		assertThat(load.byInstance(portA)).as("requests served by instance A").isPositive();
		assertThat(load.byInstance(portB)).as("requests served by instance B").isPositive();
	}

	/**
	 * Return the demo restarted.
	 * @return the WebFlux demo; {@link MvcRollingRestartIntegrationTests} restarts the Spring MVC one
	 */
	Demo demo() {
		return Demo.WEBFLUX;
	}

	/**
	 * Wait until both instances have served requests through the upstream since this call.
	 */
	private static void awaitServed(Load load, int portA, int portB) {
		long servedA = load.byInstance(portA);
		long servedB = load.byInstance(portB);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> load.byInstance(portA) > servedA + 50 && load.byInstance(portB) > servedB + 50);
	}

	/**
	 * One {@code /sse} response, read as it arrives: a stream cut before its end (the last chunk
	 * of the chunked body) fails it.
	 */
	private static final class InFlightEvents {

		private final CountDownLatch firstEvent = new CountDownLatch(1);

		private final CompletableFuture<String> whole;

		InFlightEvents(String url) {
			StringBuffer received = new StringBuffer();
			this.whole = ClientOn127002.http().get().uri(url)
				.responseContent().asString()
				.doOnNext((text) -> {
					received.append(text);
					this.firstEvent.countDown();
				})
				.then(Mono.fromSupplier(received::toString))
				.toFuture();
		}

		void awaitFirstEvent() throws Exception {
			if (!this.firstEvent.await(30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("No event within 30 s: " + this.whole);
			}
		}

		String whole() throws Exception {
			return this.whole.get(30, TimeUnit.SECONDS);
		}

	}

	/**
	 * Clients sending requests back to back until stopped, counting every outcome.
	 */
	private static final class Load {

		private final String url;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final LongAdder successes = new LongAdder();

		private final AtomicLong failures = new AtomicLong();

		private final Map<Integer, LongAdder> byPort = new ConcurrentHashMap<>();

		private volatile String firstFailure;

		private final List<Thread> threads = new ArrayList<>();

		private final HttpClient client = HttpClient.create(ConnectionProvider.create("load", CLIENTS))
			.responseTimeout(Duration.ofSeconds(30));

		Load(String url) {
			this.url = url;
		}

		void start() {
			for (int i = 0; i < CLIENTS; i++) {
				Thread thread = new Thread(this::run, "load-" + i);
				thread.start();
				this.threads.add(thread);
			}
		}

		private void run() {
			while (this.running.get()) {
				try {
					ClientOn127002.Response response = ClientOn127002.get(this.client, this.url);
					if (response.status() == 200) {
						this.successes.increment();
						int port = Integer.parseInt(response.body().replaceAll(".*:(\\d+)\\\".*", "$1"));
						this.byPort.computeIfAbsent(port, (key) -> new LongAdder()).increment();
					}
					else {
						fail("HTTP " + response.status() + ": " + response.body());
					}
				}
				catch (RuntimeException ex) {
					fail(ex.toString());
				}
			}
		}

		private void fail(String description) {
			if (this.failures.incrementAndGet() == 1) {
				this.firstFailure = description;
			}
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			for (Thread thread : this.threads) {
				thread.join(30_000);
			}
		}

		long successes() {
			return this.successes.sum();
		}

		long failures() {
			return this.failures.get();
		}

		String firstFailure() {
			return this.firstFailure;
		}

		long byInstance(int port) {
			LongAdder count = this.byPort.get(port);
			return (count != null) ? count.sum() : 0;
		}

	}

}

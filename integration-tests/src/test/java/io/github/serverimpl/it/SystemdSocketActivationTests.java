package io.github.serverimpl.it;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.serverimpl.testsupport.NotifySocketReceiver;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged demos as systemd services on sockets that systemd made: started once by Debian's
 * {@code systemd-socket-activate}, which passes its socket as {@code LISTEN_FDS} and relays
 * {@code NOTIFY_SOCKET}, and restarted under load by a stand-in for the socket unit that keeps
 * the socket while the service is replaced. No systemd runs as PID 1 here.
 */
class SystemdSocketActivationTests extends AbstractDemoTests {

	private static final int TIMEOUT_MILLIS = 90_000;

	@RegisterExtension
	final PrintLogsOnFailure printLogsOnFailure = new PrintLogsOnFailure().log("demo",
			() -> (this.demo != null) ? this.demo.logText() : "(not started)");

	@BeforeAll
	static void systemdSocketActivateIsInstalled() {
		assertThat(Path.of("/usr/bin/systemd-socket-activate"))
			.as("systemd-socket-activate from Debian's systemd package; scripts/test.sh installs it")
			.exists();
	}

	private void awaitSocket(int port) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.demo.logText().contains("Listening on 127.0.0.1:" + port + " as 3."));
	}

	@ParameterizedTest
	@EnumSource(Demo.class)
	void servesTheSocketSystemdPassesAndTellsItWhenReadyAndWhenStopping(Demo which) throws Exception {
		int port = TestPorts.next();
		String notify = this.temp.resolve("notify.sock").toString();
		try (NotifySocketReceiver receiver = new NotifySocketReceiver(notify)) {
			this.demo = DemoProcess.launch(which, this.temp.resolve("demo.log"), Map.of(),
					List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port, "--fdname=web", "-E",
							"NOTIFY_SOCKET=" + notify),
					"--server.kestrel.endpoints.http.url=http://systemd:web");
			awaitSocket(port);
			// As a socket unit does, systemd-socket-activate starts the service on the first connection;
			// the connection waits in the socket's queue meanwhile.
			String addresses = RawHttp.get(port, "/server/addresses", TIMEOUT_MILLIS);
			assertThat(addresses).startsWith("HTTP/1.1 200").endsWith("[\"http://127.0.0.1:" + port + "\"]");
			assertThat(receiver.next()).isEqualTo("READY=1\nSTATUS=Listening on http://127.0.0.1:" + port);
			assertThat(this.demo.logText()).contains("Now listening on: http://127.0.0.1:" + port);
			this.demo.stop();
			assertThat(receiver.next()).isEqualTo("STOPPING=1\nSTATUS=Shutting down");
		}
	}

	@ParameterizedTest
	@EnumSource(Demo.class)
	void aRestartUnderLoadLosesNoConnectionBecauseTheSocketOutlivesTheProcess(Demo which) throws Exception {
		int port = TestPorts.next();
		Path script = Path.of("src/test/resources/systemd/socket-unit.sh").toAbsolutePath();
		assertThat(script).exists();
		this.demo = DemoProcess.launch(which, this.temp.resolve("demo.log"), Map.of(),
				List.of("systemd-socket-activate", "-l", "127.0.0.1:" + port, "--fdname=web", "bash",
						script.toString()),
				"--server.kestrel.endpoints.http.url=http://systemd:web");
		awaitSocket(port);
		assertThat(RawHttp.get(port, "/plaintext", TIMEOUT_MILLIS)).startsWith("HTTP/1.1 200");
		this.demo.awaitStarts(1);
		try (Load load = new Load(port, 4)) {
			await().atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= 100);
			this.demo.tell("restart");
			this.demo.awaitStarts(2);
			long afterRestart = load.answered();
			await().atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= afterRestart + 100);
			load.stop();
			assertThat(load.failures()).as("requests that got no answer or a wrong one").isEmpty();
		}
		assertThat(this.demo.logText()).as("the first process drained its requests on SIGTERM")
			.contains("Graceful shutdown complete");
	}

	/**
	 * Clients that each send one request per new connection, back to back, and keep every failure.
	 */
	private static final class Load implements AutoCloseable {

		private final ExecutorService clients;

		private final AtomicBoolean running = new AtomicBoolean(true);

		private final AtomicLong answered = new AtomicLong();

		private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

		private final long started = System.nanoTime();

		Load(int port, int clients) {
			this.clients = Executors.newFixedThreadPool(clients);
			for (int i = 0; i < clients; i++) {
				this.clients.execute(() -> {
					while (this.running.get()) {
						try {
							String response = RawHttp.get(port, "/plaintext", TIMEOUT_MILLIS);
							if (response.startsWith("HTTP/1.1 200") && response.endsWith("Hello, World!")) {
								this.answered.incrementAndGet();
							}
							else {
								this.failures.add(at() + "unexpected response: " + response);
							}
						}
						catch (IOException ex) {
							this.failures.add(at() + ex);
						}
					}
				});
			}
		}

		/** When, in the test's time, for a failure's message: the demo's log has the same clock. */
		private String at() {
			return "at " + LocalTime.now() + " ("
					+ TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.started) + " ms into the load): ";
		}

		long answered() {
			return this.answered.get();
		}

		List<String> failures() {
			return List.copyOf(this.failures);
		}

		void stop() throws InterruptedException {
			this.running.set(false);
			this.clients.shutdown();
			assertThat(this.clients.awaitTermination(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
		}

		@Override
		public void close() throws InterruptedException {
			stop();
		}

	}

}

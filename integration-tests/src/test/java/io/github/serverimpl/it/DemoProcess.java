package io.github.serverimpl.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A packaged demo jar, started as users start it: {@code java -jar demo-app.jar --key=value}, with
 * Netty's leak detector at the paranoid level; a leak it reported fails the test that closes the
 * demo.
 */
final class DemoProcess implements AutoCloseable {

	private final Demo demo;

	private final List<String> arguments;

	private final Path log;

	private final Path javaHome;

	private final Map<String, String> environment;

	private final List<String> launcher;

	private Process process;

	private DemoProcess(Demo demo, Path javaHome, Path log, List<String> arguments) {
		this(demo, javaHome, log, arguments, Map.of(), List.of());
	}

	private DemoProcess(Demo demo, Path javaHome, Path log, List<String> arguments, Map<String, String> environment,
			List<String> launcher) {
		this.demo = demo;
		this.javaHome = javaHome;
		this.log = log;
		this.arguments = arguments;
		this.environment = environment;
		this.launcher = launcher;
	}

	/**
	 * Start a demo as another program starts it, without waiting for it.
	 * @param which the demo
	 * @param log file that receives the demo's output
	 * @param environment variables added to the demo's environment
	 * @param launcher the command that runs {@code java -jar ...}, such as
	 * {@code systemd-socket-activate -l 8080}; empty to start it directly
	 * @param arguments command-line arguments
	 * @return the process
	 */
	static DemoProcess launch(Demo which, Path log, Map<String, String> environment, List<String> launcher,
			String... arguments) throws IOException {
		DemoProcess demo = new DemoProcess(which, Path.of(System.getProperty("java.home")), log, List.of(arguments),
				environment, launcher);
		demo.launch();
		return demo;
	}

	/**
	 * Start a demo on another Java runtime than the tests' and wait until it has started.
	 * @param which the demo
	 * @param javaHome the runtime's home directory
	 * @param log file that receives the demo's output
	 * @param arguments command-line arguments
	 * @return the running demo
	 */
	static DemoProcess startOn(Demo which, Path javaHome, Path log, String... arguments) throws IOException {
		DemoProcess demo = new DemoProcess(which, javaHome, log, List.of(arguments));
		demo.launch();
		demo.awaitStarted();
		return demo;
	}

	/**
	 * Start the demo and wait until it has started.
	 * @param log file that receives the demo's output
	 * @param arguments command-line arguments
	 * @return the running demo
	 */
	static DemoProcess start(Path log, String... arguments) throws IOException {
		return start(Demo.WEBFLUX, log, arguments);
	}

	/**
	 * Start a demo and wait until it has started.
	 * @param which the demo
	 * @param log file that receives the demo's output
	 * @param arguments command-line arguments
	 * @return the running demo
	 */
	static DemoProcess start(Demo which, Path log, String... arguments) throws IOException {
		DemoProcess demo = launch(which, log, arguments);
		demo.awaitStarted();
		return demo;
	}

	/**
	 * Start the demo without waiting for it.
	 * @param log file that receives the demo's output
	 * @param arguments command-line arguments
	 * @return the process
	 */
	static DemoProcess launch(Path log, String... arguments) throws IOException {
		return launch(Demo.WEBFLUX, log, arguments);
	}

	/**
	 * Start a demo without waiting for it.
	 * @param which the demo
	 * @param log file that receives the demo's output
	 * @param arguments command-line arguments
	 * @return the process
	 */
	static DemoProcess launch(Demo which, Path log, String... arguments) throws IOException {
		return launch(which, log, Map.of(), List.of(), arguments);
	}

	private void launch() throws IOException {
		Path jar = this.demo.jar();
		assertThat(jar).as("the demo jar; build it first with mvn package").exists();
		List<String> command = new ArrayList<>(this.launcher);
		command.addAll(List.of(this.javaHome.resolve("bin").resolve("java").toString(),
				"-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dio.netty.leakDetection.level=paranoid", "-jar",
				jar.toString()));
		command.addAll(this.arguments);
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()));
		builder.environment().putAll(this.environment);
		this.process = builder.start();
	}

	void awaitStarted() {
		awaitStarts(Math.max(1, starts()));
	}

	private long starts() {
		return logText().lines().filter((line) -> line.contains(this.demo.startedLine())).count();
	}

	/**
	 * Wait until the demo has logged its start-up line the given number of times.
	 * @param count how many starts, counting from the first
	 */
	void awaitStarts(long count) {
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The demo exited with " + this.process.exitValue() + "; its log:\n"
						+ logText());
			}
			assertThat(starts()).isGreaterThanOrEqualTo(count);
		});
	}

	/**
	 * Write a line to the launcher's standard input.
	 * @param line the line, without its end
	 */
	void tell(String line) throws IOException {
		this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
		this.process.getOutputStream().flush();
	}

	/**
	 * Stop the demo as a service manager does (SIGTERM) and wait for it to exit.
	 * @return the exit code
	 */
	int stop() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		return this.process.exitValue();
	}

	/**
	 * Start the demo again with the same arguments, after {@link #stop()}.
	 */
	void restart() throws IOException {
		long before = logText().lines().filter((line) -> line.contains(this.demo.startedLine())).count();
		launch();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("The demo exited on restart; its log:\n" + logText());
			}
			return logText().lines().filter((line) -> line.contains(this.demo.startedLine())).count() > before;
		});
	}

	Process process() {
		return this.process;
	}

	String logText() {
		try {
			return Files.exists(this.log) ? Files.readString(this.log, StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			stop();
		}
		String log = logText();
		int leak = log.indexOf("LEAK: ");
		if (leak >= 0) {
			throw new AssertionError("The demo reported a leaked Netty buffer:\n"
					+ log.substring(leak, Math.min(log.length(), leak + 4000)));
		}
	}

}

package io.github.serverimpl.it;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.containers.GenericContainer;

/**
 * Prints the logs of the proxies and demo processes of a test when it fails, so a failure shows
 * the proxy's error log next to the application's. They are read as soon as the test method ends,
 * before {@code @AfterEach} stops the containers and {@code @TempDir} deletes the log files.
 */
final class PrintLogsOnFailure implements AfterTestExecutionCallback {

	private final Map<String, Supplier<String>> logs = new LinkedHashMap<>();

	/**
	 * Add a log, read only if the test fails.
	 * @param name what the log is of
	 * @param log the log's text
	 * @return this watcher
	 */
	PrintLogsOnFailure log(String name, Supplier<String> log) {
		this.logs.put(name, log);
		return this;
	}

	/**
	 * Add a container's log, read only if the test fails.
	 * @param name what the container runs
	 * @param container the container, {@code null} until it is created
	 * @return this watcher
	 */
	PrintLogsOnFailure container(String name, Supplier<GenericContainer<?>> container) {
		return log(name, () -> (container.get() != null) ? container.get().getLogs() : "(not started)");
	}

	@Override
	public void afterTestExecution(ExtensionContext context) {
		if (context.getExecutionException().isPresent()) {
			this.logs.forEach((name, log) -> System.out.println("---- " + name + " log ----\n" + log.get()));
		}
	}

}

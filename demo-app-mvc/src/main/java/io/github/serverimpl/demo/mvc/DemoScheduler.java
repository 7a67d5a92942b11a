package io.github.serverimpl.demo.mvc;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * One thread for the demo's timed answers (server-sent events, a deferred result). It is not an
 * {@code Executor} bean, so Spring Boot's task executor, which Spring MVC runs {@code Callable}s on,
 * stays in place.
 */
@Component
final class DemoScheduler implements DisposableBean {

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "demo-scheduler");
		thread.setDaemon(true);
		return thread;
	});

	void schedule(Runnable task, Duration delay) {
		this.executor.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}

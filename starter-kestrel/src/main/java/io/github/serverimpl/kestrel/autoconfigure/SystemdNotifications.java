package io.github.serverimpl.kestrel.autoconfigure;

import java.util.List;

import io.github.serverimpl.kestrel.systemd.SystemdNotifier;
import io.github.serverimpl.server.FeatureWebServer;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * Tells systemd ({@code Type=notify}) when the application is ready, once every endpoint serves
 * and the application has started, and when it is stopping, as shutdown begins and before the
 * graceful shutdown waits for requests in flight.
 */
class SystemdNotifications implements DisposableBean {

	private final ApplicationContext context;

	private final SystemdNotifier notifier;

	SystemdNotifications(ApplicationContext context, SystemdNotifier notifier) {
		this.context = context;
		this.notifier = notifier;
	}

	@EventListener
	void ready(ApplicationReadyEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.notifier.notify("READY=1\nSTATUS=" + status());
		}
	}

	@EventListener
	void stopping(ContextClosedEvent event) {
		if (event.getApplicationContext() == this.context) {
			this.notifier.notify("STOPPING=1\nSTATUS=Shutting down");
		}
	}

	private String status() {
		if (this.context instanceof WebServerApplicationContext web
				&& web.getWebServer() instanceof FeatureWebServer server) {
			List<String> addresses = server.getServerFeatures().getAddresses().getAddresses();
			return addresses.isEmpty() ? "Running, not listening" : "Listening on " + String.join(", ", addresses);
		}
		return "Running";
	}

	@Override
	public void destroy() {
		this.notifier.close();
	}

}

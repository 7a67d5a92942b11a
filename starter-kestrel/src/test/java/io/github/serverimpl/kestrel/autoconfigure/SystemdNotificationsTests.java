package io.github.serverimpl.kestrel.autoconfigure;

import java.nio.file.Path;

import io.github.serverimpl.testsupport.NotifySocketReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Boot application started as a {@code Type=notify} systemd service: the service
 * manager hears when it serves and when it stops.
 */
class SystemdNotificationsTests {

	@TempDir
	Path temp;

	@Test
	void tellsTheServiceManagerOnceEveryEndpointServesAndWhenShutdownBegins() throws Exception {
		String socket = this.temp.resolve("notify.sock").toString();
		try (NotifySocketReceiver receiver = new NotifySocketReceiver(socket)) {
			SpringApplication application = new SpringApplication(Application.class);
			application.setWebApplicationType(WebApplicationType.REACTIVE);
			int port;
			try (ConfigurableApplicationContext context = application.run("--NOTIFY_SOCKET=" + socket,
					"--server.kestrel.endpoints.a.url=http://127.0.0.1:0")) {
				port = context.getEnvironment().getProperty("local.server.port", Integer.class);
				assertThat(receiver.next()).isEqualTo("READY=1\nSTATUS=Listening on http://127.0.0.1:" + port);
			}
			assertThat(receiver.next()).isEqualTo("STOPPING=1\nSTATUS=Shutting down");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Application {

	}

}

package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.servlet.ServletContextInitializer;

import static org.awaitility.Awaitility.await;

/**
 * What the servlet factory contract tests share: a Kestrel servlet factory on a loopback port, the
 * server it started (destroyed after each test), servlets to register and a JDK HTTP/1.1 client.
 */
abstract class AbstractServletContractTests {

	static final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@TempDir
	Path temp;

	WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	static KestrelServletWebServerFactory factory() {
		KestrelServletWebServerFactory factory = new KestrelServletWebServerFactory(0);
		factory.setAddress(InetAddress.getLoopbackAddress());
		return factory;
	}

	WebServer start(KestrelServletWebServerFactory factory, ServletContextInitializer... initializers) {
		this.webServer = factory.getWebServer(initializers);
		this.webServer.start();
		return this.webServer;
	}

	static ServletContextInitializer servlet(String mapping, HttpServlet servlet) {
		return (context) -> context.addServlet(mapping, servlet).addMapping(mapping);
	}

	static ServletContextInitializer hello() {
		return servlet("/hello", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("text/plain");
				response.getWriter().write("Hello World");
			}

		});
	}

	/**
	 * A servlet at {@code /blocking} that counts {@code inFlight} down, waits (on the request's
	 * thread) until {@code release} is counted down, then answers {@code finished}.
	 */
	static ServletContextInitializer blocking(CountDownLatch inFlight, CountDownLatch release) {
		return servlet("/blocking", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				inFlight.countDown();
				try {
					release.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				response.getWriter().write("finished");
			}

		});
	}

	HttpResponse<String> get(String path, String... headers) throws Exception {
		return send(request(path, headers).build());
	}

	HttpRequest.Builder request(String path, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(
				URI.create("http://127.0.0.1:" + this.webServer.getPort() + path)).timeout(Duration.ofSeconds(10));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return request;
	}

	static HttpResponse<String> send(HttpRequest request) throws Exception {
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	/** The messages of an exception and of its causes, a line each. */
	static String messages(Throwable ex) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	static boolean refused(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return false;
		}
		catch (IOException ex) {
			return true;
		}
	}

	static void awaitRefused(int port) {
		await().atMost(Duration.ofSeconds(10)).until(() -> refused(port));
	}

}

package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Set;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.servlet.Session;
import org.springframework.boot.web.servlet.ServletContextInitializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The session part of the servlet web server factory contract beyond the cookie settings: a
 * persistent session outlives a restart, and with cookie tracking only no URL carries the session.
 */
class KestrelServletSessionContractTests extends AbstractServletContractTests {

	@Test
	void aPersistentSessionOutlivesARestart() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().setPersistent(true);
		factory.getSettings().getSession().setStoreDir(this.temp.resolve("sessions").toFile());
		start(factory, counter());
		HttpResponse<String> first = get("/count");
		String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
		assertThat(first.body()).isEqualTo("1");
		assertThat(get("/count", "Cookie", cookie).body()).isEqualTo("2");
		this.webServer.destroy();
		start(factory, counter());
		assertThat(get("/count", "Cookie", cookie).body()).as("the session read back from the store")
			.isEqualTo("3");
	}

	@Test
	void withCookieTrackingOnlyNoUrlCarriesTheSession() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().setTrackingModes(Set.of(Session.SessionTrackingMode.COOKIE));
		start(factory, servlet("/tracked", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				request.getSession();
				response.getWriter().write(response.encodeURL("/tracked"));
			}

		}));
		HttpResponse<String> response = get("/tracked");
		assertThat(response.body()).isEqualTo("/tracked");
		assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).startsWith("JSESSIONID="));
	}

	/** A servlet at {@code /count} that counts the requests of its session. */
	private static ServletContextInitializer counter() {
		return servlet("/count", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				HttpSession session = request.getSession();
				Integer count = (Integer) session.getAttribute("count");
				int next = (count != null) ? count + 1 : 1;
				session.setAttribute("count", next);
				response.getWriter().print(next);
			}

		});
	}

}

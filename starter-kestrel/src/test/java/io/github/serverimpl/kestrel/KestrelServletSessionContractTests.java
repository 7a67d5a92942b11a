package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.boot.web.servlet.ServletContextInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The session part of the servlet web server factory contract: a persistent session outlives a
 * restart (saved in the store directory), with cookie tracking only no URL carries the session,
 * the default timeout, every session cookie setting, and the session cookie's SameSite against
 * the application's other cookies and the SameSite suppliers.
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
		try (Stream<Path> stored = Files.list(this.temp.resolve("sessions"))) {
			assertThat(stored).as("sessions saved in the store directory").isNotEmpty();
		}
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

	@Test
	void trackingByTlsSessionStopsStartUpWithTheModesThatWork() {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().setTrackingModes(Set.of(Session.SessionTrackingMode.SSL));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> start(factory, counter()))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("server.servlet.session.tracking-modes"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo(List.of("ssl")))
			.withMessageContaining("cannot track sessions by TLS session")
			.withMessageContaining("Use cookie, url or both");
		assertThat(this.webServer).as("no server was created").isNull();
	}

	@Test
	void aSessionStoreDirectoryThatIsAFileStopsStartUp() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().setPersistent(true);
		factory.getSettings().getSession().setStoreDir(Files.createFile(this.temp.resolve("not-a-directory")).toFile());
		assertThatException().isThrownBy(() -> start(factory, counter()))
			.satisfies((ex) -> assertThat(messages(ex)).contains("points to a file"));
	}

	@Test
	void aSessionLastsThirtyMinutesByDefault() throws Exception {
		start(factory(), servlet("/timeout", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().print(request.getSession().getMaxInactiveInterval());
			}

		}));
		assertThat(get("/timeout").body()).isEqualTo("1800");
	}

	@Test
	void everySessionCookieSettingReachesTheCookie() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Cookie cookie = factory.getSettings().getSession().getCookie();
		cookie.setName("SID");
		cookie.setDomain("example.com");
		cookie.setPath("/");
		cookie.setHttpOnly(true);
		cookie.setSecure(true);
		cookie.setMaxAge(Duration.ofHours(1));
		cookie.setSameSite(Cookie.SameSite.LAX);
		start(factory, counter());
		String header = get("/count").headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(header).startsWith("SID=")
			.containsIgnoringCase("Domain=example.com")
			.containsIgnoringCase("Path=/")
			.containsIgnoringCase("HttpOnly")
			.containsIgnoringCase("Secure")
			.containsIgnoringCase("Max-Age=3600")
			.containsIgnoringCase("SameSite=Lax");
	}

	@ParameterizedTest
	@EnumSource(names = { "NONE", "LAX", "STRICT" })
	void theSessionCookiesSameSiteMarksItAlone(Cookie.SameSite sameSite) throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().getCookie().setName("CUSTOM");
		factory.getSettings().getSession().getCookie().setSameSite(sameSite);
		start(factory, sessionAndCookie());
		List<String> cookies = get("/cookie").headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("CUSTOM=")
			.containsIgnoringCase("SameSite=" + sameSite.attributeValue()));
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("other=")
			.doesNotContainIgnoringCase("SameSite"));
	}

	@Test
	void aSameSiteSupplierLeavesTheSessionCookiesOwnSetting() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().getCookie().setSameSite(Cookie.SameSite.LAX);
		factory.addCookieSameSiteSuppliers(CookieSameSiteSupplier.ofStrict());
		start(factory, sessionAndCookie());
		List<String> cookies = get("/cookie").headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID=")
			.containsIgnoringCase("SameSite=Lax"));
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("other=")
			.containsIgnoringCase("SameSite=Strict"));
	}

	@Test
	void aSameSiteSupplierLeavesASessionCookieWithSameSiteOmittedWithout() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().getCookie().setSameSite(Cookie.SameSite.OMITTED);
		factory.addCookieSameSiteSuppliers(CookieSameSiteSupplier.ofStrict());
		start(factory, sessionAndCookie());
		List<String> cookies = get("/cookie").headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("JSESSIONID=")
			.doesNotContainIgnoringCase("SameSite"));
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("other=")
			.containsIgnoringCase("SameSite=Strict"));
	}

	/** A servlet at {@code /cookie} that starts a session and sets a cookie of its own, {@code other}. */
	private static ServletContextInitializer sessionAndCookie() {
		return servlet("/cookie", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				request.getSession();
				response.addCookie(new jakarta.servlet.http.Cookie("other", "1"));
			}

		});
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

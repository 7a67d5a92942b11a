package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.server.servlet.CookieSameSiteSupplier;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The servlet web server factory contract, as Spring Boot's own servlet factories keep it
 * (lifecycle, ports, context path, initializers, filters and listeners, sessions, error pages, MIME
 * mappings, static resources, the Server header, SSL from a bundle with h2, h2c),
 * checked for Kestrel through real sockets. SSL, compression, sessions,
 * the servlet context and graceful shutdown have their own classes.
 */
class KestrelServletWebServerFactoryContractTests extends AbstractServletContractTests {

	@Test
	void servesAServletOnTheDynamicPortItReports() throws Exception {
		start(factory(), hello());
		assertThat(this.webServer.getPort()).isPositive();
		HttpResponse<String> response = get("/hello");
		assertThat(response.statusCode() + " " + response.body()).isEqualTo("200 Hello World");
	}

	@Test
	void servesOnTheFixedPortItWasGiven() throws Exception {
		int port;
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = probe.getLocalPort();
		}
		KestrelServletWebServerFactory factory = factory();
		factory.setPort(port);
		start(factory, hello());
		assertThat(this.webServer.getPort()).isEqualTo(port);
		assertThat(get("/hello").body()).isEqualTo("Hello World");
	}

	@Test
	void startAndStopCanBeCalledTwiceAndStopBeforeStart() {
		KestrelServletWebServerFactory factory = factory();
		WebServer server = factory.getWebServer(hello());
		this.webServer = server;
		assertThatNoException().isThrownBy(server::stop);
		server.start();
		assertThatNoException().isThrownBy(server::start);
		server.stop();
		assertThatNoException().isThrownBy(server::stop);
	}

	@Test
	void aStoppedServerRefusesConnections() throws Exception {
		start(factory(), hello());
		int port = this.webServer.getPort();
		this.webServer.stop();
		assertThat(refused(port)).isTrue();
	}

	@Test
	void aPortInUseFailsStartUpWithPortInUseException() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			KestrelServletWebServerFactory factory = factory();
			factory.setPort(taken.getLocalPort());
			this.webServer = factory.getWebServer(hello());
			assertThatExceptionOfType(PortInUseException.class).isThrownBy(this.webServer::start)
				.satisfies((ex) -> assertThat(ex.getPort()).isEqualTo(taken.getLocalPort()));
		}
	}

	@Test
	void theContextPathPrefixesEveryServlet() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setContextPath("/say");
		start(factory, hello());
		assertThat(get("/say/hello").body()).isEqualTo("Hello World");
		assertThat(get("/hello").statusCode()).isEqualTo(404);
	}

	@Test
	void initializersFiltersAndListenersRunInTheServletContext() throws Exception {
		AtomicReference<String> initialized = new AtomicReference<>();
		KestrelServletWebServerFactory factory = factory();
		factory.setInitParameters(Map.of("greeting", "hi"));
		ServletContextInitializer filterAndListener = (context) -> {
			context.addFilter("stamp", (Filter) (request, response, chain) -> {
				((HttpServletResponse) response).setHeader("X-Filtered", "yes");
				chain.doFilter(request, response);
			}).addMappingForUrlPatterns(null, false, "/*");
			context.addListener(new ServletContextListener() {

				@Override
				public void contextInitialized(ServletContextEvent event) {
					initialized.set(event.getServletContext().getInitParameter("greeting"));
				}

			});
		};
		start(factory, hello(), filterAndListener);
		HttpResponse<String> response = get("/hello");
		assertThat(response.headers().firstValue("X-Filtered")).hasValue("yes");
		assertThat(initialized.get()).isEqualTo("hi");
	}

	@Test
	void aServletLoadedOnStartupIsInitializedWhenTheServerStarts() {
		AtomicReference<String> initialized = new AtomicReference<>();
		start(factory(), (context) -> context.addServlet("eager", new HttpServlet() {

			@Override
			public void init() {
				initialized.set(getServletName());
			}

		}).setLoadOnStartup(1));
		assertThat(initialized.get()).isEqualTo("eager");
	}

	@Test
	void stoppingTheServerDestroysTheServletContext() {
		CountDownLatch destroyed = new CountDownLatch(1);
		start(factory(), hello(), (context) -> context.addListener(new ServletContextListener() {

			@Override
			public void contextDestroyed(ServletContextEvent event) {
				destroyed.countDown();
			}

		}));
		assertThat(destroyed.getCount()).isEqualTo(1);
		this.webServer.stop();
		this.webServer.destroy();
		assertThat(destroyed.getCount()).isZero();
	}

	@Test
	void aFilterThatFailsToInitializeStopsStartUp() {
		KestrelServletWebServerFactory factory = factory();
		assertThatExceptionOfType(WebServerException.class).isThrownBy(() -> start(factory, hello(),
				(context) -> context.addFilter("faulty", new Filter() {

					@Override
					public void init(FilterConfig config) throws ServletException {
						throw new ServletException("faulty filter");
					}

					@Override
					public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) {
					}

				}).addMappingForUrlPatterns(null, false, "/*")));
	}

	@Test
	void sessionsCanBeTrackedInTheUrl() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().setTrackingModes(Set.of(Session.SessionTrackingMode.URL));
		start(factory, servlet("/tracked", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				request.getSession();
				response.getWriter().write(response.encodeURL("/tracked"));
			}

		}));
		HttpResponse<String> response = get("/tracked");
		assertThat(response.body()).startsWith("/tracked;jsessionid=");
		assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
	}

	@Test
	void theSessionCookieAndTimeoutComeFromTheFactory() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getSession().getCookie().setName("KESTRELSESSION");
		factory.getSettings().getSession().setTimeout(Duration.ofMinutes(7));
		start(factory, servlet("/session", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().write(String.valueOf(request.getSession().getMaxInactiveInterval()));
			}

		}));
		HttpResponse<String> response = get("/session");
		assertThat(response.body()).isEqualTo("420");
		assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).startsWith("KESTRELSESSION="));
	}

	@Test
	void theDisplayNameAndTheSessionCookiesSameSiteComeFromTheFactory() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setDisplayName("kestrel-contract");
		factory.getSettings().getSession().getCookie().setSameSite(Cookie.SameSite.STRICT);
		start(factory, servlet("/named", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				request.getSession();
				response.getWriter().write(request.getServletContext().getServletContextName());
			}

		}));
		HttpResponse<String> response = get("/named");
		assertThat(response.body()).isEqualTo("kestrel-contract");
		assertThat(response.headers().firstValue("Set-Cookie")).hasValueSatisfying(
				(cookie) -> assertThat(cookie).containsIgnoringCase("SameSite=Strict"));
	}

	@Test
	void aCookieSameSiteSupplierMarksTheCookiesItNames() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.addCookieSameSiteSuppliers(CookieSameSiteSupplier.ofLax().whenHasName("lax"));
		start(factory, servlet("/cookies", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				response.addCookie(new jakarta.servlet.http.Cookie("lax", "1"));
				response.addCookie(new jakarta.servlet.http.Cookie("plain", "2"));
			}

		}));
		List<String> cookies = get("/cookies").headers().allValues("Set-Cookie");
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("lax=1").containsIgnoringCase("SameSite=Lax"));
		assertThat(cookies).anySatisfy((cookie) -> assertThat(cookie).startsWith("plain=2").doesNotContainIgnoringCase("SameSite"));
	}

	@Test
	void localeCharsetMappingsChooseTheResponseCharset() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setLocaleCharsetMappings(Map.of(Locale.JAPANESE, StandardCharsets.UTF_16));
		start(factory, servlet("/locale", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("text/plain");
				response.setLocale(Locale.JAPANESE);
				response.getWriter().write(response.getCharacterEncoding());
			}

		}));
		HttpResponse<String> response = get("/locale");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).containsIgnoringCase("charset=UTF-16"));
		assertThat(response.body()).isEqualToIgnoringCase("UTF-16");
	}

	@Test
	void anErrorPageAnswersForAStatusAndForAnException() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.addErrorPages(new ErrorPage(HttpStatus.NOT_FOUND, "/hello"),
				new ErrorPage(UnsupportedOperationException.class, "/unsupported"), new ErrorPage("/oops"));
		start(factory, hello(), servlet("/oops", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().write("error page for " + request.getAttribute("jakarta.servlet.error.status_code"));
			}

		}), servlet("/broken", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) {
				if (request.getParameter("unsupported") != null) {
					throw new UnsupportedOperationException("unsupported");
				}
				throw new IllegalStateException("broken");
			}

		}), servlet("/unsupported", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().write("error page for the exception");
			}

		}));
		HttpResponse<String> missing = get("/missing");
		assertThat(missing.statusCode() + " " + missing.body()).isEqualTo("404 Hello World");
		HttpResponse<String> broken = get("/broken");
		assertThat(broken.statusCode() + " " + broken.body()).isEqualTo("500 error page for 500");
		HttpResponse<String> unsupported = get("/broken?unsupported");
		assertThat(unsupported.statusCode() + " " + unsupported.body()).isEqualTo("500 error page for the exception");
	}

	@Test
	void staticResourcesOfTheDocumentRootGetTheirMimeMapping() throws Exception {
		Files.writeString(this.temp.resolve("note.kst"), "static content");
		KestrelServletWebServerFactory factory = factory();
		factory.setDocumentRoot(this.temp.toFile());
		factory.setRegisterDefaultServlet(true);
		factory.addMimeMappings(new MimeMappings(Map.of("kst", "text/x-kestrel")));
		start(factory);
		HttpResponse<String> response = get("/note.kst");
		assertThat(response.statusCode() + " " + response.body()).isEqualTo("200 static content");
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/x-kestrel"));
	}

	@Test
	void theServerHeaderIsKestrelsUnlessSet() throws Exception {
		start(factory(), hello());
		assertThat(get("/hello").headers().firstValue("Server")).hasValue("Kestrel");
		this.webServer.destroy();
		KestrelServletWebServerFactory factory = factory();
		factory.setServerHeader("Acme");
		start(factory, hello());
		assertThat(get("/hello").headers().firstValue("Server")).hasValue("Acme");
	}

	@Test
	void sslFromABundleServesHttpsAndH2() {
		KestrelServletWebServerFactory factory = factory();
		factory.setSslBundles(TestBundles.registry());
		Ssl ssl = new Ssl();
		ssl.setBundle("localhost");
		factory.setSsl(ssl);
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		start(factory, hello());
		String url = "https://127.0.0.1:" + this.webServer.getPort() + "/hello";
		assertThat(TestClients.get(TestClients.https(), url).body()).isEqualTo("Hello World");
		TestClients.Response h2 = TestClients.get(TestClients.h2(), url);
		assertThat(h2.protocol() + " " + h2.body()).isEqualTo("HTTP/2.0 Hello World");
	}

	@Test
	void http2WithoutSslIsH2c() {
		KestrelServletWebServerFactory factory = factory();
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		start(factory, hello());
		TestClients.Response h2c = TestClients.get(TestClients.h2c(),
				"http://127.0.0.1:" + this.webServer.getPort() + "/hello");
		assertThat(h2c.protocol() + " " + h2c.body()).isEqualTo("HTTP/2.0 Hello World");
	}

}

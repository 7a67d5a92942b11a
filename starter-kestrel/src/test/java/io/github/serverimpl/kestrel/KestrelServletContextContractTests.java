package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.server.MimeMappings;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The servlet context part of the servlet web server factory contract: context path rules, the
 * order of initializers, web listeners by class name, the thread context class loader of servlet
 * components, a servlet that fails to load, Spring Boot's default MIME mappings, the document root
 * with its welcome file and without the default servlet, no class file served from the class path,
 * and error pages for any method, sent or thrown.
 */
class KestrelServletContextContractTests extends AbstractServletContractTests {

	static final List<String> events = new CopyOnWriteArrayList<>();

	@Test
	void aContextPathMustStartWithASlashAndNotEndWithOne() {
		KestrelServletWebServerFactory factory = factory();
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setContextPath("missing-slash"));
		assertThatIllegalArgumentException().isThrownBy(() -> factory.setContextPath("/trailing/"));
		assertThatIllegalArgumentException().as("the root is the empty string")
			.isThrownBy(() -> factory.setContextPath("/"));
	}

	@Test
	void initializersRunInTheOrderGiven() {
		List<String> order = new CopyOnWriteArrayList<>();
		start(factory(), (context) -> order.add("first"), (context) -> order.add("second"),
				(context) -> order.add("third"));
		assertThat(order).containsExactly("first", "second", "third");
	}

	@Test
	void aWebListenerNamedByItsClassIsRegistered() {
		events.clear();
		KestrelServletWebServerFactory factory = factory();
		factory.addWebListeners(RecordingListener.class.getName());
		start(factory, hello());
		assertThat(events).containsExactly("initialized");
	}

	@Test
	void servletComponentsRunWithTheContextsClassLoader() throws Exception {
		AtomicReference<ClassLoader> initializer = new AtomicReference<>();
		AtomicReference<ClassLoader> request = new AtomicReference<>();
		start(factory(), (context) -> initializer.set(Thread.currentThread().getContextClassLoader()),
				servlet("/loader", new HttpServlet() {

					@Override
					protected void doGet(HttpServletRequest req, HttpServletResponse response) {
						request.set(Thread.currentThread().getContextClassLoader());
					}

				}));
		assertThat(get("/loader").statusCode()).isEqualTo(200);
		assertThat(request.get()).isNotNull().isSameAs(initializer.get());
	}

	@Test
	void aServletThatFailsToLoadOnStartupStopsStartUp() {
		KestrelServletWebServerFactory factory = factory();
		assertThatExceptionOfType(WebServerException.class).isThrownBy(() -> start(factory,
				(context) -> context.addServlet("faulty", new HttpServlet() {

					@Override
					public void init() throws ServletException {
						throw new ServletException("faulty servlet");
					}

				}).setLoadOnStartup(1)));
	}

	@Test
	void springBootsDefaultMimeMappingsAreTheContexts() {
		AtomicReference<ServletContext> servletContext = new AtomicReference<>();
		start(factory(), servletContext::set);
		for (MimeMappings.Mapping mapping : MimeMappings.DEFAULT) {
			assertThat(servletContext.get().getMimeType("file." + mapping.getExtension()))
				.as(mapping.getExtension())
				.isEqualTo(mapping.getMimeType());
		}
	}

	@Test
	void theDocumentRootsWelcomeFileAnswersTheRoot() throws Exception {
		Files.writeString(this.temp.resolve("index.html"), "<p>welcome</p>");
		KestrelServletWebServerFactory factory = factory();
		factory.setDocumentRoot(this.temp.toFile());
		factory.setRegisterDefaultServlet(true);
		AtomicReference<ServletContext> servletContext = new AtomicReference<>();
		start(factory, servletContext::set);
		HttpResponse<String> response = get("/");
		assertThat(response.statusCode() + " " + response.body()).isEqualTo("200 <p>welcome</p>");
		assertThat(servletContext.get().getResource("/")).as("the document root is the root resource")
			.isNotNull();
	}

	@Test
	void withoutTheDefaultServletTheDocumentRootIsNotServed() throws Exception {
		Files.writeString(this.temp.resolve("note.txt"), "static content");
		KestrelServletWebServerFactory factory = factory();
		factory.setDocumentRoot(this.temp.toFile());
		factory.setRegisterDefaultServlet(false);
		start(factory, hello());
		assertThat(get("/note.txt").statusCode()).isEqualTo(404);
		assertThat(get("/hello").body()).isEqualTo("Hello World");
	}

	@Test
	void anErrorPageAnswersAPutRequestToo() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.addErrorPages(new ErrorPage(HttpStatus.INTERNAL_SERVER_ERROR, "/oops"));
		start(factory, servlet("/fail", new HttpServlet() {

			@Override
			protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
				if (request.getParameter("throw") != null) {
					throw new IllegalStateException("failed PUT");
				}
				response.sendError(500);
			}

		}), servlet("/oops", new HttpServlet() {

			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
				// Jetty dispatches to the error page as a GET, whatever the request's method.
				response.getWriter().write("error page");
			}

		}));
		HttpResponse<String> response = send(request("/fail").PUT(HttpRequest.BodyPublishers.ofString("x")).build());
		assertThat(response.statusCode() + " " + response.body()).isEqualTo("500 error page");
		HttpResponse<String> thrown = send(request("/fail?throw").PUT(HttpRequest.BodyPublishers.ofString("x")).build());
		assertThat(thrown.statusCode() + " " + thrown.body()).isEqualTo("500 error page");
	}

	@Test
	void theContextHasARootResourceWithoutADocumentRoot() throws Exception {
		AtomicReference<Object> root = new AtomicReference<>();
		start(factory(), (context) -> {
			try {
				root.set(context.getResource("/"));
			}
			catch (MalformedURLException ex) {
				throw new IllegalStateException(ex);
			}
		});
		assertThat(root.get()).isNotNull();
	}

	@Test
	void classFilesOfTheClassPathAreNotServed() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setRegisterDefaultServlet(true);
		start(factory, hello());
		assertThat(get("/org/springframework/boot/SpringApplication.class").statusCode()).isEqualTo(404);
		assertThat(get("/io/github/serverimpl/kestrel/KestrelWebServer.class").statusCode()).isEqualTo(404);
		assertThat(get("/hello").body()).isEqualTo("Hello World");
	}

	/** A listener Jetty creates from its class name. */
	public static class RecordingListener implements ServletContextListener {

		@Override
		public void contextInitialized(ServletContextEvent event) {
			events.add("initialized");
		}

	}

}

package io.github.serverimpl.kestrel;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.ServletRegistration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The servlet factory contract, JSP: with Jetty's JSP support on the class path
 * ({@code jetty-ee11-apache-jsp}), Spring Boot's Jetty setup registers Apache Jasper's servlet for
 * {@code *.jsp} as on Boot's Jetty, and a page in the document root is compiled and served.
 */
class KestrelServletJspContractTests extends AbstractServletContractTests {

	@Test
	void aJspPageInTheDocumentRootIsCompiledAndServed() throws Exception {
		Files.writeString(this.temp.resolve("hello.jsp"),
				"<%@ page contentType=\"text/plain\" %><%= \"Hello \" + (6 * 7) + \" from \" + request.getRequestURI() %>");
		KestrelServletWebServerFactory factory = factory();
		factory.setDocumentRoot(this.temp.toFile());
		start(factory);
		var response = get("/hello.jsp");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body().strip()).isEqualTo("Hello 42 from /hello.jsp");
	}

	@Test
	void theJspServletIsRegisteredOutOfDevelopmentMode() {
		AtomicReference<ServletRegistration> jsp = new AtomicReference<>();
		start(factory(), (context) -> jsp.set(context.getServletRegistration("jsp")));
		assertThat(jsp.get()).isNotNull();
		assertThat(jsp.get().getClassName()).isEqualTo("org.apache.jasper.servlet.JspServlet");
		assertThat(jsp.get().getMappings()).contains("*.jsp", "*.jspx");
		assertThat(jsp.get().getInitParameters()).containsEntry("development", "false");
	}

	@Test
	void theJspServletTakesTheInitParametersConfigured() {
		KestrelServletWebServerFactory factory = factory();
		factory.getSettings().getJsp().setInitParameters(Map.of("a", "alpha"));
		AtomicReference<ServletRegistration> jsp = new AtomicReference<>();
		start(factory, (context) -> jsp.set(context.getServletRegistration("jsp")));
		assertThat(jsp.get().getInitParameters()).containsEntry("a", "alpha");
	}

	@Test
	void aJspServletThatIsNotToBeRegisteredIsNot() throws Exception {
		Files.writeString(this.temp.resolve("hello.jsp"), "<%= \"jsp\" + \"-ran\" %>");
		KestrelServletWebServerFactory factory = factory();
		factory.setDocumentRoot(this.temp.toFile());
		factory.getSettings().getJsp().setRegistered(false);
		AtomicReference<ServletRegistration> jsp = new AtomicReference<>();
		start(factory, (context) -> jsp.set(context.getServletRegistration("jsp")));
		assertThat(jsp.get()).isNull();
		assertThat(get("/hello.jsp").body()).doesNotContain("jsp-ran");
	}

}

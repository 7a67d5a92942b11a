package io.github.serverimpl.kestrel.limits;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.web.server.WebServer;

/**
 * Malformed and hostile HTTP/1.1 requests to Kestrel in front of a servlet: Kestrel's front end
 * answers them before Jetty's servlet container sees anything.
 */
class ServletMalformedRequestTests extends AbstractMalformedRequestTests {

	@Override
	WebServer server(List<EndpointOptions> endpoints) {
		KestrelServletWebServerFactory factory = new KestrelServletWebServerFactory(0);
		factory.setEndpoints(endpoints);
		return factory.getWebServer((context) -> context.addServlet("read", new ReadServlet()).addMapping("/"));
	}

	static final class ReadServlet extends HttpServlet {

		@Override
		protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
			long size = request.getInputStream().transferTo(OutputStream.nullOutputStream());
			response.setContentType("text/plain");
			response.getWriter().write("read " + size);
		}

	}

}

package io.github.serverimpl.kestrel.limits;

import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.TestHandlers;

import org.springframework.boot.web.server.WebServer;

/**
 * Malformed and hostile HTTP/1.1 requests to Kestrel in front of a reactive handler.
 */
class MalformedRequestTests extends AbstractMalformedRequestTests {

	@Override
	WebServer server(List<EndpointOptions> endpoints) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(endpoints);
		return factory.getWebServer(TestHandlers.READ_AND_COUNT);
	}

}

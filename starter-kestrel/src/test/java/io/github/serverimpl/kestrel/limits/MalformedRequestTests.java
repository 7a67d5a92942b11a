package io.github.serverimpl.kestrel.limits;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Malformed and hostile HTTP/1.1 requests to Kestrel in front of a reactive handler.
 */
class MalformedRequestTests extends AbstractMalformedRequestTests {

	@Override
	WebServer server(List<EndpointOptions> endpoints) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(endpoints);
		HttpHandler handler = (request, response) -> DataBufferUtils.join(request.getBody())
			.map((body) -> {
				int size = body.readableByteCount();
				DataBufferUtils.release(body);
				return size;
			})
			.defaultIfEmpty(0)
			.flatMap((size) -> response.writeWith(Mono.just(response.bufferFactory()
				.wrap(("read " + size).getBytes(StandardCharsets.UTF_8)))));
		return factory.getWebServer(handler);
	}

}

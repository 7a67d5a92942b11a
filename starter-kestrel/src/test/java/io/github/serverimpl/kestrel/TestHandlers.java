package io.github.serverimpl.kestrel;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * Reactive applications that tests in several packages serve.
 */
public final class TestHandlers {

	/** Reads the whole request body and answers {@code read <length>}. */
	public static final HttpHandler READ_AND_COUNT = (request, response) -> DataBufferUtils.join(request.getBody())
		.map((body) -> {
			int size = body.readableByteCount();
			DataBufferUtils.release(body);
			return size;
		})
		.defaultIfEmpty(0)
		.flatMap((size) -> response.writeWith(
				Mono.just(response.bufferFactory().wrap(("read " + size).getBytes(StandardCharsets.UTF_8)))));

	private TestHandlers() {
	}

}

package io.github.serverimpl.demo;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * A response body encoded once and written as is on every request: no codec lookup, no
 * serialization, the bytes wrapped without a copy.
 */
final class PreEncodedBody {

	private final MediaType contentType;

	private final byte[] bytes;

	PreEncodedBody(MediaType contentType, String body) {
		this.contentType = contentType;
		this.bytes = body.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Return a {@code 200 OK} response with this body.
	 * @return the response
	 */
	Mono<ServerResponse> ok() {
		return ServerResponse.ok().contentType(this.contentType).contentLength(this.bytes.length).body(this::write);
	}

	private Mono<Void> write(ServerHttpResponse response, BodyInserter.Context context) {
		return response.writeWith(Mono.just(response.bufferFactory().wrap(this.bytes)));
	}

}

package io.github.serverimpl.demo;

import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The TechEmpower-style benchmark targets, kept as cheap as a handler can be: both bodies are
 * encoded once, at start-up.
 */
final class HelloWorldHandler {

	private final PreEncodedBody plaintext = new PreEncodedBody(MediaType.TEXT_PLAIN, "Hello, World!");

	private final PreEncodedBody json = new PreEncodedBody(MediaType.APPLICATION_JSON,
			"{\"message\":\"Hello, World!\"}");

	/**
	 * {@code GET /plaintext}: {@code Hello, World!} as {@code text/plain}.
	 * @param request the request
	 * @return the response
	 */
	Mono<ServerResponse> plaintext(ServerRequest request) {
		return this.plaintext.ok();
	}

	/**
	 * {@code GET /json}: {@code {"message":"Hello, World!"}} as {@code application/json}.
	 * @param request the request
	 * @return the response
	 */
	Mono<ServerResponse> json(ServerRequest request) {
		return this.json.ok();
	}

}

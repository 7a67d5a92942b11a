package io.github.serverimpl.kestrel;

import java.util.function.BiFunction;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

/**
 * The request handler of every Kestrel endpoint: Spring's {@link ReactorHttpHandlerAdapter} (the
 * fast path into WebFlux) with the {@code Server} header set. Request features are built on
 * demand by {@link KestrelRequestFeaturesProvider}.
 */
final class KestrelHttpHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> {

	private final ReactorHttpHandlerAdapter adapter;

	private final @Nullable String serverHeader;

	KestrelHttpHandler(HttpHandler application, @Nullable String serverHeader) {
		this.adapter = new ReactorHttpHandlerAdapter(application);
		this.serverHeader = serverHeader;
	}

	@Override
	public Mono<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		if (this.serverHeader != null) {
			response.header(HttpHeaderNames.SERVER, this.serverHeader);
		}
		return this.adapter.apply(request, response);
	}

}

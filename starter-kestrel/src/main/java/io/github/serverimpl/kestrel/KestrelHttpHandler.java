package io.github.serverimpl.kestrel;

import java.util.function.BiFunction;

import io.github.serverimpl.kestrel.limits.RequestBodyTimeoutException;
import io.github.serverimpl.kestrel.limits.HostFilter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.server.ResponseStatusException;

/**
 * The request handler of every Kestrel endpoint: Spring's {@link ReactorHttpHandlerAdapter} (the
 * fast path into WebFlux) with the {@code Server} header set. Request features are built on
 * demand by {@link KestrelRequestFeaturesProvider}.
 */
final class KestrelHttpHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> {

	private final ReactorHttpHandlerAdapter adapter;

	private final @Nullable String serverHeader;

	private final HostFilter hostFilter;

	KestrelHttpHandler(HttpHandler application, @Nullable String serverHeader, HostFilter hostFilter) {
		this.hostFilter = hostFilter;
		this.adapter = new ReactorHttpHandlerAdapter((request, response) -> application.handle(request, response)
			.onErrorResume(KestrelHttpHandler::isLimitFailure, (ex) -> limitFailure(response, ex)));
		this.serverHeader = serverHeader;
	}

	private static boolean isLimitFailure(Throwable ex) {
		return ex instanceof PayloadTooLargeException || ex instanceof RequestBodyTimeoutException;
	}

	/**
	 * Answer 413 or 408 when the request body broke {@code max-request-body-size} or
	 * {@code min-request-body-data-rate} while the application read it (the limits handler fails
	 * the body), unless the application has already started its response; the connection then
	 * closes.
	 */
	private static Mono<Void> limitFailure(ServerHttpResponse response, Throwable ex) {
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		response.setStatusCode(((ResponseStatusException) ex).getStatusCode());
		response.getHeaders().clearContentHeaders();
		return response.setComplete();
	}

	@Override
	public Mono<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		if (this.serverHeader != null) {
			response.header(HttpHeaderNames.SERVER, this.serverHeader);
		}
		if (this.hostFilter.isEnabled()
				&& !this.hostFilter.allows(request.requestHeaders().get(HttpHeaderNames.HOST), request.remoteAddress())) {
			return response.status(HttpResponseStatus.BAD_REQUEST)
				.header(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
				.sendString(Mono.just("Invalid host"))
				.then();
		}
		return this.adapter.apply(request, response);
	}

}

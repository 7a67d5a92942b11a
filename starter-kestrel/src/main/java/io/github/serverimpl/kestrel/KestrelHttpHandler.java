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
 * The request handler of every Kestrel endpoint: the host filter and the {@code Server} header,
 * then the application. A WebFlux application is reached through Spring's
 * {@link ReactorHttpHandlerAdapter} (see {@link #of(HttpHandler)}); a stack of its own, the servlet
 * container, takes Reactor Netty's requests as they are. Request features are built on demand by
 * {@link KestrelRequestFeaturesProvider}.
 */
final class KestrelHttpHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> {

	private final BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> application;

	private final @Nullable String serverHeader;

	private final HostFilter hostFilter;

	KestrelHttpHandler(BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> application,
			@Nullable String serverHeader, HostFilter hostFilter) {
		this.application = application;
		this.serverHeader = serverHeader;
		this.hostFilter = hostFilter;
	}

	/**
	 * Return a WebFlux application as Reactor Netty's handler: Spring's adapter, with Kestrel's 413
	 * and 408 for a request body that broke a limit while the application read it.
	 * @param application the application
	 * @return the handler
	 */
	static BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> of(HttpHandler application) {
		return new ReactorHttpHandlerAdapter((request, response) -> application.handle(request, response)
			.onErrorResume(KestrelHttpHandler::isLimitFailure, (ex) -> limitFailure(response, ex)));
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
		return this.application.apply(request, response);
	}

}

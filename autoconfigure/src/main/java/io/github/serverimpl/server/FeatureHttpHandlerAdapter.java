package io.github.serverimpl.server;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;

import io.github.serverimpl.features.HttpRequestFeature;
import io.github.serverimpl.features.HttpRequestLifetimeFeature;
import io.github.serverimpl.features.HttpResponseFeature;
import io.github.serverimpl.features.RequestFeatures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.server.ResponseStatusException;

/**
 * Serves a Spring {@link HttpHandler} from request and response features: the bridge every
 * feature-based server (HTTP.sys, custom servers) shares.
 */
public final class FeatureHttpHandlerAdapter implements FeatureRequestHandler {

	private static final Log logger = LogFactory.getLog(FeatureHttpHandlerAdapter.class);

	private final HttpHandler httpHandler;

	private final DataBufferFactory bufferFactory;

	/**
	 * Create an adapter for the given handler.
	 * @param httpHandler the application
	 */
	public FeatureHttpHandlerAdapter(HttpHandler httpHandler) {
		this.httpHandler = httpHandler;
		this.bufferFactory = DefaultDataBufferFactory.sharedInstance;
	}

	@Override
	public CompletableFuture<Void> handle(RequestFeatures features) {
		HttpRequestFeature requestFeature = required(features, HttpRequestFeature.class);
		HttpResponseFeature responseFeature = required(features, HttpResponseFeature.class);
		FeatureServerHttpResponse response = new FeatureServerHttpResponse(responseFeature, this.bufferFactory);
		FeatureServerHttpRequest request;
		try {
			request = new FeatureServerHttpRequest(features, requestFeature, this.bufferFactory);
		}
		catch (IllegalArgumentException ex) {
			logger.debug("Rejected request with an invalid target", ex);
			return finish(responseFeature, HttpStatus.BAD_REQUEST);
		}
		return this.httpHandler.handle(request, response)
			.then(Mono.fromRunnable(() -> complete(responseFeature)))
			.onErrorResume((ex) -> {
				logger.debug("Handler failed for " + request.getURI(), ex);
				return Mono.fromRunnable(() -> fail(features, responseFeature, ex));
			})
			.toFuture()
			.thenApply((ignored) -> null);
	}

	/**
	 * Answer a failed request: with the failure's status (a {@link ResponseStatusException}, such
	 * as a body over the size limit) or 500 while the response has not started; once it has, abort
	 * the request if the server can, so that the client sees a reset rather than a short response.
	 */
	private static void fail(RequestFeatures features, HttpResponseFeature response, Throwable ex) {
		HttpRequestLifetimeFeature lifetime = features.get(HttpRequestLifetimeFeature.class);
		if (response.hasStarted() && lifetime != null) {
			lifetime.abort();
			return;
		}
		finish(response, (ex instanceof ResponseStatusException status) ? status.getStatusCode().value()
				: HttpStatus.INTERNAL_SERVER_ERROR.value());
	}

	private static CompletableFuture<Void> finish(HttpResponseFeature response, HttpStatus status) {
		return finish(response, status.value());
	}

	private static CompletableFuture<Void> finish(HttpResponseFeature response, int status) {
		if (!response.hasStarted()) {
			response.setStatusCode(status);
			response.getHeaders().clear();
			response.getHeaders().setContentLength(0);
		}
		complete(response);
		return CompletableFuture.completedFuture(null);
	}

	private static void complete(HttpResponseFeature response) {
		try {
			response.complete();
		}
		catch (IOException ex) {
			logger.debug("Client went away before the response completed", ex);
		}
	}

	private static <T> T required(RequestFeatures features, Class<T> type) {
		T feature = features.get(type);
		if (feature == null) {
			throw new IllegalArgumentException("A custom server must supply " + type.getSimpleName()
					+ " with every request; this request has " + features);
		}
		return feature;
	}

}

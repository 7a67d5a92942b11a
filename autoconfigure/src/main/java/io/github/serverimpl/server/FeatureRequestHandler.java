package io.github.serverimpl.server;

import java.util.concurrent.CompletableFuture;

import io.github.serverimpl.features.RequestFeatures;

/**
 * The application as a custom server sees it: one call per request.
 */
@FunctionalInterface
public interface FeatureRequestHandler {

	/**
	 * Handle one request.
	 * @param features the request's features, at least an
	 * {@link io.github.serverimpl.features.HttpRequestFeature} and an
	 * {@link io.github.serverimpl.features.HttpResponseFeature}
	 * @return completes when the response has been completed
	 */
	CompletableFuture<Void> handle(RequestFeatures features);

}

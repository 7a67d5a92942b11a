package io.github.serverimpl.features;

import org.jspecify.annotations.Nullable;

/**
 * Builds the features of a request from a server's native request. Each server registers one in
 * {@code META-INF/spring.factories}; {@link RequestFeatures#of} asks them only when the
 * application looks features up, so requests that never do pay nothing.
 */
public interface RequestFeaturesProvider {

	/**
	 * Return the features of a native request.
	 * @param nativeRequest the server's request object
	 * @return the features, or {@code null} when the request is not this server's
	 */
	@Nullable RequestFeatures getFeatures(Object nativeRequest);

}

package io.github.serverimpl.features;

import org.jspecify.annotations.Nullable;

/**
 * The largest request body the server accepts for this request, as ASP.NET Core's
 * {@code IHttpMaxRequestBodySizeFeature}. An application may change it until the body starts to
 * be read; after that the feature is read-only.
 */
public interface MaxRequestBodySizeFeature {

	/**
	 * Return whether the limit can no longer change (the body is being read).
	 * @return whether the feature is read-only
	 */
	boolean isReadOnly();

	/**
	 * Return the limit for this request.
	 * @return the limit in bytes, or {@code null} for no limit
	 */
	@Nullable Long getMaxRequestBodySize();

	/**
	 * Set the limit for this request.
	 * @param maxRequestBodySize the limit in bytes, or {@code null} for no limit
	 * @throws IllegalStateException if the body is already being read
	 */
	void setMaxRequestBodySize(@Nullable Long maxRequestBodySize);

}

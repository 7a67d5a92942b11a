package io.github.serverimpl.features;

import org.jspecify.annotations.Nullable;

/**
 * The slowest rate at which this request's body may arrive, as ASP.NET Core's
 * {@code IHttpMinRequestBodyDataRateFeature}: a body slower than this after the grace period is
 * refused (408 on HTTP/1.1). An application may change it until the body starts to be read, for
 * example to let a slow upload through. On HTTP/2 it can only be turned off ({@code null}); the
 * connection's streams share one rate.
 */
public interface MinRequestBodyDataRateFeature {

	/**
	 * Return the minimum rate for this request's body.
	 * @return the rate, or {@code null} when none applies
	 */
	@Nullable MinDataRate getMinDataRate();

	/**
	 * Set the minimum rate for this request's body.
	 * @param minDataRate the rate, or {@code null} for none
	 * @throws IllegalStateException if the body is already being read
	 * @throws UnsupportedOperationException if the protocol only allows turning it off (HTTP/2) and
	 * {@code minDataRate} is not {@code null}
	 */
	void setMinDataRate(@Nullable MinDataRate minDataRate);

}

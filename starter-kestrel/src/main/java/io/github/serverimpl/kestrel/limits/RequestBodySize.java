package io.github.serverimpl.kestrel.limits;

import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * The body-size limit of the HTTP/1.1 request being served on a connection: starts at
 * {@code max-request-body-size}, may be changed by the application until the body starts to be
 * read. A {@code Content-Length} above the server-wide limit is refused before the application
 * runs; one above a lower per-request limit is refused when the body arrives.
 */
public final class RequestBodySize implements MaxRequestBodySizeFeature {

	/** The connection attribute that holds the current request's limit. */
	public static final AttributeKey<RequestBodySize> KEY = AttributeKey.valueOf("kestrel.requestBodySize");

	private volatile @Nullable Long max;

	private volatile boolean readStarted;

	RequestBodySize(@Nullable Long max) {
		this.max = max;
	}

	@Override
	public boolean isReadOnly() {
		return this.readStarted;
	}

	@Override
	public @Nullable Long getMaxRequestBodySize() {
		return this.max;
	}

	@Override
	public void setMaxRequestBodySize(@Nullable Long maxRequestBodySize) {
		if (this.readStarted) {
			throw new IllegalStateException("The request body is already being read; set MaxRequestBodySizeFeature "
					+ "before reading it");
		}
		if (maxRequestBodySize != null && maxRequestBodySize < 0) {
			throw new IllegalArgumentException("maxRequestBodySize: " + maxRequestBodySize
					+ " (expected: 0 or more, or null for no limit)");
		}
		this.max = maxRequestBodySize;
	}

	void readStarted() {
		this.readStarted = true;
	}

}

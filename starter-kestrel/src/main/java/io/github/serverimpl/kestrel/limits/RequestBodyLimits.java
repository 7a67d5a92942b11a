package io.github.serverimpl.kestrel.limits;

import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.features.MinDataRate;
import io.github.serverimpl.features.MinRequestBodyDataRateFeature;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * The body limits of one request: its largest size and slowest rate. They start at
 * {@code max-request-body-size} and {@code min-request-body-data-rate} and the application may
 * change them until the body starts to be read. A {@code Content-Length} above the server-wide size
 * limit is refused before the application runs; one above a lower per-request limit is refused when
 * the body arrives. On HTTP/2 the rate can only be turned off, as with Kestrel.
 *
 * <p>A servlet application's handlers run on the servlet container's threads, after Kestrel has
 * passed the request on, and may still change the limit then (Spring MVC's
 * {@code @RequestSizeLimit}). Such a request's size is checked by its body's reader instead, from
 * its first read ({@link #checkSizeWhenRead()}, {@link #readStarted()}, {@link #overLimit()}).
 */
public final class RequestBodyLimits implements MaxRequestBodySizeFeature, MinRequestBodyDataRateFeature {

	/** The connection attribute that holds the limits of the HTTP/1.1 request being served. */
	public static final AttributeKey<RequestBodyLimits> KEY = AttributeKey.valueOf("kestrel.requestBodyLimits");

	private final boolean http2;

	private volatile @Nullable Long maxSize;

	private volatile @Nullable MinDataRate minRate;

	private volatile boolean readStarted;

	private volatile boolean sizeCheckedByReader;

	private volatile @Nullable Runnable overLimit;

	RequestBodyLimits(@Nullable Long maxSize, @Nullable MinDataRate minRate, boolean http2) {
		this.maxSize = maxSize;
		this.minRate = minRate;
		this.http2 = http2;
	}

	/**
	 * Return limits that can no longer change: those of a request whose body has been read.
	 * @param maxSize the size limit that applied
	 * @return read-only limits
	 */
	static RequestBodyLimits readOnly(@Nullable Long maxSize) {
		RequestBodyLimits limits = new RequestBodyLimits(maxSize, null, true);
		limits.readStarted = true;
		return limits;
	}

	/**
	 * Return the body limits of the request on an HTTP/2 stream.
	 * @param stream the stream's channel
	 * @return its limits, or {@code null} when the server enforces none on that connection
	 */
	public static @Nullable RequestBodyLimits ofStream(Http2StreamChannel stream) {
		Http2StreamLimits limits = stream.parent().pipeline().get(Http2StreamLimits.class);
		return (limits != null) ? limits.bodyLimits(stream.stream().id()) : null;
	}

	@Override
	public boolean isReadOnly() {
		return this.readStarted;
	}

	@Override
	public @Nullable Long getMaxRequestBodySize() {
		return this.maxSize;
	}

	@Override
	public void setMaxRequestBodySize(@Nullable Long maxRequestBodySize) {
		checkNotStarted("MaxRequestBodySizeFeature");
		if (maxRequestBodySize != null && maxRequestBodySize < 0) {
			throw new IllegalArgumentException("maxRequestBodySize: " + maxRequestBodySize
					+ " (expected: 0 or more, or null for no limit)");
		}
		this.maxSize = maxRequestBodySize;
	}

	@Override
	public @Nullable MinDataRate getMinDataRate() {
		return this.minRate;
	}

	@Override
	public void setMinDataRate(@Nullable MinDataRate minDataRate) {
		if (this.http2 && minDataRate != null) {
			throw new UnsupportedOperationException("On HTTP/2 the minimum request body data rate can only be "
					+ "turned off (null); the connection's streams share server.kestrel.limits.min-request-body-data-rate");
		}
		checkNotStarted("MinRequestBodyDataRateFeature");
		this.minRate = minDataRate;
	}

	private void checkNotStarted(String feature) {
		if (this.readStarted) {
			throw new IllegalStateException("The request body is already being read; set " + feature
					+ " before reading it");
		}
	}

	/**
	 * Fix the limits: the application starts reading the body.
	 */
	public void readStarted() {
		this.readStarted = true;
	}

	/**
	 * Leave the size check of this request to the reader of its body, which fixes the limits at its
	 * first read, counts what it reads, and reports a body over the limit with {@link #overLimit()}.
	 * Until then the server neither fixes the limits nor refuses the body for its size.
	 */
	public void checkSizeWhenRead() {
		this.sizeCheckedByReader = true;
	}

	boolean isSizeCheckedByReader() {
		return this.sizeCheckedByReader;
	}

	/**
	 * Report that the body passes {@link #getMaxRequestBodySize()}: the reader answers 413 if it
	 * can, and the server logs the rejection and stops taking the body (HTTP/1.1 closes the
	 * connection after the response).
	 */
	public void overLimit() {
		Runnable action = this.overLimit;
		if (action != null) {
			action.run();
		}
	}

	void whenOverLimit(Runnable action) {
		this.overLimit = action;
	}

}

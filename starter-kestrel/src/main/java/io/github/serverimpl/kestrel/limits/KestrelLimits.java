package io.github.serverimpl.kestrel.limits;

import java.time.Duration;

import io.github.serverimpl.features.MinDataRate;
import org.jspecify.annotations.Nullable;

/**
 * Kestrel's limits, immutable, with Kestrel's defaults ({@code KestrelServerLimits} and
 * {@code Http2Limits}). A {@code null} limit is no limit.
 *
 * @param maxConcurrentConnections open connections the server accepts at once; more are closed at
 * once, without a response
 * @param maxConcurrentUpgradedConnections upgraded (WebSocket) connections at once; they count here
 * instead of against {@code maxConcurrentConnections}; more upgrade requests get 503
 * @param maxRequestBodySize the largest request body, in bytes: 413 and the connection closes
 * @param maxRequestLineSize the longest request line, in bytes: 414 and the connection closes
 * @param maxRequestHeadersTotalSize the largest header section, in bytes: 431 and the connection
 * closes
 * @param maxRequestHeaderCount the most header fields in a request: 431 and the connection closes
 * @param keepAliveTimeout how long an idle connection waits for its next request before it closes
 * @param requestHeadersTimeout how long a request's header section may take to arrive, from its
 * first byte: 408 and the connection closes
 * @param minRequestBodyDataRate the slowest a request body may arrive after a grace period: 408
 * and the connection closes; {@code null} for no minimum
 * @param minResponseDataRate the slowest a client may take a response while the server waits to
 * write, after a grace period: the connection is aborted; {@code null} for no minimum
 * @param http2 the HTTP/2 limits
 * @param http3 the HTTP/3 limits
 */
public record KestrelLimits(@Nullable Long maxConcurrentConnections, @Nullable Long maxConcurrentUpgradedConnections,
		@Nullable Long maxRequestBodySize,
		int maxRequestLineSize, int maxRequestHeadersTotalSize, int maxRequestHeaderCount,
		@Nullable Duration keepAliveTimeout, @Nullable Duration requestHeadersTimeout,
		@Nullable MinDataRate minRequestBodyDataRate, @Nullable MinDataRate minResponseDataRate, Http2 http2,
		Http3 http3) {

	/** Kestrel's {@code MaxRequestBodySize}: 30,000,000 bytes, about 28.6 MB. */
	public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 30_000_000L;

	/** Kestrel's {@code MaxRequestLineSize}: 8 KB. */
	public static final int DEFAULT_MAX_REQUEST_LINE_SIZE = 8 * 1024;

	/** Kestrel's {@code MaxRequestHeadersTotalSize}: 32 KB. */
	public static final int DEFAULT_MAX_REQUEST_HEADERS_TOTAL_SIZE = 32 * 1024;

	/** Kestrel's {@code MaxRequestHeaderCount}: 100. */
	public static final int DEFAULT_MAX_REQUEST_HEADER_COUNT = 100;

	/** Kestrel's {@code KeepAliveTimeout}: 130 seconds. */
	public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(130);

	/** Kestrel's {@code RequestHeadersTimeout}: 30 seconds. */
	public static final Duration DEFAULT_REQUEST_HEADERS_TIMEOUT = Duration.ofSeconds(30);

	/** Kestrel's {@code MinRequestBodyDataRate}: 240 bytes per second after a 5 second grace period. */
	public static final MinDataRate DEFAULT_MIN_REQUEST_BODY_DATA_RATE = new MinDataRate(240, Duration.ofSeconds(5));

	/** Kestrel's {@code MinResponseDataRate}: 240 bytes per second after a 5 second grace period. */
	public static final MinDataRate DEFAULT_MIN_RESPONSE_DATA_RATE = new MinDataRate(240, Duration.ofSeconds(5));

	/** Kestrel's defaults. */
	public static final KestrelLimits DEFAULTS = new KestrelLimits(null, null, DEFAULT_MAX_REQUEST_BODY_SIZE,
			DEFAULT_MAX_REQUEST_LINE_SIZE, DEFAULT_MAX_REQUEST_HEADERS_TOTAL_SIZE, DEFAULT_MAX_REQUEST_HEADER_COUNT,
			DEFAULT_KEEP_ALIVE_TIMEOUT, DEFAULT_REQUEST_HEADERS_TIMEOUT, DEFAULT_MIN_REQUEST_BODY_DATA_RATE,
			DEFAULT_MIN_RESPONSE_DATA_RATE, Http2.DEFAULTS, Http3.DEFAULTS);

	/**
	 * Validate the limits.
	 */
	public KestrelLimits {
		positive("max-concurrent-connections", maxConcurrentConnections);
		positive("max-concurrent-upgraded-connections", maxConcurrentUpgradedConnections);
		positive("max-request-body-size", maxRequestBodySize);
		positive("max-request-line-size", (long) maxRequestLineSize);
		positive("max-request-headers-total-size", (long) maxRequestHeadersTotalSize);
		positive("max-request-header-count", (long) maxRequestHeaderCount);
		positive("keep-alive-timeout", keepAliveTimeout);
		positive("request-headers-timeout", requestHeadersTimeout);
	}

	static void positive(String property, @Nullable Long value) {
		if (value != null && value <= 0) {
			throw new InvalidLimitException(property, value, "more than 0, or -1 for no limit");
		}
	}

	static void positive(String property, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			throw new InvalidLimitException(property, value, "a positive duration, or -1 for none");
		}
	}

	/**
	 * Return a copy with another connection limit.
	 * @param maxConcurrentConnections the limit, {@code null} for none
	 * @return the new limits
	 */
	public KestrelLimits withMaxConcurrentConnections(@Nullable Long maxConcurrentConnections) {
		return new KestrelLimits(maxConcurrentConnections, this.maxConcurrentUpgradedConnections, this.maxRequestBodySize, this.maxRequestLineSize,
				this.maxRequestHeadersTotalSize, this.maxRequestHeaderCount, this.keepAliveTimeout,
				this.requestHeadersTimeout, this.minRequestBodyDataRate, this.minResponseDataRate, this.http2, this.http3);
	}

	/**
	 * Return a copy with another upgraded-connection limit.
	 * @param maxConcurrentUpgradedConnections the limit, {@code null} for none
	 * @return the new limits
	 */
	public KestrelLimits withMaxConcurrentUpgradedConnections(@Nullable Long maxConcurrentUpgradedConnections) {
		return new KestrelLimits(this.maxConcurrentConnections, maxConcurrentUpgradedConnections,
				this.maxRequestBodySize, this.maxRequestLineSize, this.maxRequestHeadersTotalSize,
				this.maxRequestHeaderCount, this.keepAliveTimeout, this.requestHeadersTimeout,
				this.minRequestBodyDataRate, this.minResponseDataRate, this.http2, this.http3);
	}

	/**
	 * Return a copy with another minimum request body data rate.
	 * @param minRequestBodyDataRate the minimum, {@code null} for none
	 * @return the new limits
	 */
	public KestrelLimits withMinRequestBodyDataRate(@Nullable MinDataRate minRequestBodyDataRate) {
		return new KestrelLimits(this.maxConcurrentConnections, this.maxConcurrentUpgradedConnections, this.maxRequestBodySize, this.maxRequestLineSize,
				this.maxRequestHeadersTotalSize, this.maxRequestHeaderCount, this.keepAliveTimeout,
				this.requestHeadersTimeout, minRequestBodyDataRate, this.minResponseDataRate, this.http2, this.http3);
	}

	/**
	 * Return a copy with another minimum response data rate.
	 * @param minResponseDataRate the minimum, {@code null} for none
	 * @return the new limits
	 */
	public KestrelLimits withMinResponseDataRate(@Nullable MinDataRate minResponseDataRate) {
		return new KestrelLimits(this.maxConcurrentConnections, this.maxConcurrentUpgradedConnections,
				this.maxRequestBodySize, this.maxRequestLineSize, this.maxRequestHeadersTotalSize,
				this.maxRequestHeaderCount, this.keepAliveTimeout, this.requestHeadersTimeout,
				this.minRequestBodyDataRate, minResponseDataRate, this.http2, this.http3);
	}

	/**
	 * Return a copy with another request body limit.
	 * @param maxRequestBodySize the limit in bytes, {@code null} for none
	 * @return the new limits
	 */
	public KestrelLimits withMaxRequestBodySize(@Nullable Long maxRequestBodySize) {
		return new KestrelLimits(this.maxConcurrentConnections, this.maxConcurrentUpgradedConnections, maxRequestBodySize, this.maxRequestLineSize,
				this.maxRequestHeadersTotalSize, this.maxRequestHeaderCount, this.keepAliveTimeout,
				this.requestHeadersTimeout, this.minRequestBodyDataRate, this.minResponseDataRate, this.http2, this.http3);
	}

	/**
	 * Return a copy with other HTTP/2 limits.
	 * @param http2 the HTTP/2 limits
	 * @return the new limits
	 */
	public KestrelLimits withHttp2(Http2 http2) {
		return new KestrelLimits(this.maxConcurrentConnections, this.maxConcurrentUpgradedConnections,
				this.maxRequestBodySize, this.maxRequestLineSize, this.maxRequestHeadersTotalSize,
				this.maxRequestHeaderCount, this.keepAliveTimeout, this.requestHeadersTimeout,
				this.minRequestBodyDataRate, this.minResponseDataRate, http2, this.http3);
	}

	/**
	 * Return the largest header section an HTTP/3 request may have.
	 * @return {@code http3.max-request-header-field-size}, or {@code max-request-headers-total-size}
	 * when that is lower, in bytes
	 */
	public int maxHttp3HeaderSection() {
		return Math.min(this.http3.maxRequestHeaderFieldSize(), this.maxRequestHeadersTotalSize);
	}

	/**
	 * Return a copy with other HTTP/3 limits.
	 * @param http3 the HTTP/3 limits
	 * @return the new limits
	 */
	public KestrelLimits withHttp3(Http3 http3) {
		return new KestrelLimits(this.maxConcurrentConnections, this.maxConcurrentUpgradedConnections,
				this.maxRequestBodySize, this.maxRequestLineSize, this.maxRequestHeadersTotalSize,
				this.maxRequestHeaderCount, this.keepAliveTimeout, this.requestHeadersTimeout,
				this.minRequestBodyDataRate, this.minResponseDataRate, this.http2, http3);
	}

	/**
	 * Return a copy with other timeouts.
	 * @param keepAliveTimeout the keep-alive timeout, {@code null} for none
	 * @param requestHeadersTimeout the request headers timeout, {@code null} for none
	 * @return the new limits
	 */
	public KestrelLimits withTimeouts(@Nullable Duration keepAliveTimeout, @Nullable Duration requestHeadersTimeout) {
		return new KestrelLimits(this.maxConcurrentConnections, this.maxConcurrentUpgradedConnections, this.maxRequestBodySize, this.maxRequestLineSize,
				this.maxRequestHeadersTotalSize, this.maxRequestHeaderCount, keepAliveTimeout, requestHeadersTimeout,
				this.minRequestBodyDataRate, this.minResponseDataRate, this.http2, this.http3);
	}

	/**
	 * Kestrel's HTTP/2 limits ({@code Http2Limits}).
	 *
	 * @param maxStreamsPerConnection concurrent streams per connection; more are refused
	 * ({@code REFUSED_STREAM})
	 * @param headerTableSize the HPACK dynamic table size, in bytes
	 * @param maxFrameSize the largest frame payload, in bytes
	 * @param maxRequestHeaderFieldSize the largest decoded header list, in bytes
	 * @param initialStreamWindowSize the flow-control window of each stream, in bytes
	 * @param initialConnectionWindowSize the flow-control window of the whole connection, in bytes, at
	 * least (Netty's codec already opens it to about twice the stream window)
	 * @param keepAlivePingDelay how long a connection may stay silent before the server sends a
	 * PING, or {@code null} for never
	 * @param keepAlivePingTimeout how long the server waits for the PING's acknowledgement before it
	 * closes the connection ({@code GOAWAY INTERNAL_ERROR})
	 */
	public record Http2(int maxStreamsPerConnection, int headerTableSize, int maxFrameSize,
			int maxRequestHeaderFieldSize, int initialStreamWindowSize, int initialConnectionWindowSize,
			@Nullable Duration keepAlivePingDelay, Duration keepAlivePingTimeout) {

		/** Kestrel's {@code MaxStreamsPerConnection}: 100. */
		public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 100;

		/** Kestrel's {@code HeaderTableSize}: 4096 bytes (RFC 9113's initial value). */
		public static final int DEFAULT_HEADER_TABLE_SIZE = 4096;

		/** Kestrel's {@code MaxFrameSize}: 16 KB (RFC 9113's minimum maximum). */
		public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024;

		/** Kestrel's {@code MaxRequestHeaderFieldSize}: 32 KB. */
		public static final int DEFAULT_MAX_REQUEST_HEADER_FIELD_SIZE = 32 * 1024;

		/** Kestrel's {@code InitialStreamWindowSize}: 768 KB. */
		public static final int DEFAULT_INITIAL_STREAM_WINDOW_SIZE = 768 * 1024;

		/** Kestrel's {@code InitialConnectionWindowSize}: 1 MB. */
		public static final int DEFAULT_INITIAL_CONNECTION_WINDOW_SIZE = 1024 * 1024;

		/** Kestrel's {@code KeepAlivePingTimeout}: 20 seconds. */
		public static final Duration DEFAULT_KEEP_ALIVE_PING_TIMEOUT = Duration.ofSeconds(20);

		/** Kestrel's defaults (no keep-alive pings: {@code KeepAlivePingDelay} is off). */
		public static final Http2 DEFAULTS = new Http2(DEFAULT_MAX_STREAMS_PER_CONNECTION, DEFAULT_HEADER_TABLE_SIZE,
				DEFAULT_MAX_FRAME_SIZE, DEFAULT_MAX_REQUEST_HEADER_FIELD_SIZE, DEFAULT_INITIAL_STREAM_WINDOW_SIZE,
				DEFAULT_INITIAL_CONNECTION_WINDOW_SIZE, null, DEFAULT_KEEP_ALIVE_PING_TIMEOUT);

		/**
		 * Validate the limits.
		 */
		public Http2 {
			positive("http2.max-streams-per-connection", (long) maxStreamsPerConnection);
			if (maxFrameSize < 16 * 1024 || maxFrameSize > 16 * 1024 * 1024 - 1) {
				throw new InvalidLimitException("http2.max-frame-size", maxFrameSize,
						"16384-16777215 bytes, as RFC 9113 requires");
			}
			positive("http2.max-request-header-field-size", (long) maxRequestHeaderFieldSize);
			if (headerTableSize < 0) {
				throw new InvalidLimitException("http2.header-table-size", headerTableSize, "0 or more");
			}
			if (initialStreamWindowSize < 65535) {
				throw new InvalidLimitException("http2.initial-stream-window-size", initialStreamWindowSize,
						"65535 bytes (RFC 9113's initial window) or more");
			}
			if (initialConnectionWindowSize < 65535) {
				throw new InvalidLimitException("http2.initial-connection-window-size", initialConnectionWindowSize,
						"65535 bytes (RFC 9113's initial window) or more");
			}
			if (keepAlivePingDelay != null && keepAlivePingDelay.compareTo(Duration.ofSeconds(1)) < 0) {
				throw new InvalidLimitException("http2.keep-alive-ping-delay", keepAlivePingDelay,
						"1s or more, or -1 for no pings");
			}
			positive("http2.keep-alive-ping-timeout", keepAlivePingTimeout);
		}

		/**
		 * Return a copy with other keep-alive pings.
		 * @param delay the silence before a PING, {@code null} for none
		 * @param timeout how long to wait for its acknowledgement
		 * @return the new limits
		 */
		public Http2 withKeepAlivePing(@Nullable Duration delay, Duration timeout) {
			return new Http2(this.maxStreamsPerConnection, this.headerTableSize, this.maxFrameSize,
					this.maxRequestHeaderFieldSize, this.initialStreamWindowSize, this.initialConnectionWindowSize, delay,
					timeout);
		}

	}

	/**
	 * Kestrel's HTTP/3 limits ({@code Http3Limits}).
	 *
	 * @param maxRequestHeaderFieldSize the largest header section of a request, in bytes, as
	 * RFC 9114 counts it: 431 above it
	 */
	public record Http3(int maxRequestHeaderFieldSize) {

		/** Kestrel's {@code MaxRequestHeaderFieldSize}: 32 KB. */
		public static final int DEFAULT_MAX_REQUEST_HEADER_FIELD_SIZE = 32 * 1024;

		/** Kestrel's defaults. */
		public static final Http3 DEFAULTS = new Http3(DEFAULT_MAX_REQUEST_HEADER_FIELD_SIZE);

		/**
		 * Validate the limits.
		 */
		public Http3 {
			positive("http3.max-request-header-field-size", (long) maxRequestHeaderFieldSize);
		}

	}

}

package io.github.serverimpl.kestrel.autoconfigure;

import java.time.Duration;

import io.github.serverimpl.kestrel.limits.KestrelLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * Kestrel's limits and timeouts ({@code server.kestrel.limits}), with Kestrel's defaults.
 */
public class KestrelLimitsProperties {

	/**
	 * Open connections accepted at once, over all endpoints; more are closed at once without a
	 * response. Unset (or -1) for no limit.
	 */
	private @Nullable Long maxConcurrentConnections;

	/**
	 * Upgraded (WebSocket) connections at once; they count here instead of against
	 * max-concurrent-connections, and more upgrade requests get 503. Unset (or -1) for no limit.
	 */
	private @Nullable Long maxConcurrentUpgradedConnections;

	/**
	 * Largest request body: 413 and the connection closes. -1 for no limit.
	 */
	private @Nullable DataSize maxRequestBodySize = DataSize.ofBytes(KestrelLimits.DEFAULT_MAX_REQUEST_BODY_SIZE);

	/**
	 * Longest request line: 414 and the connection closes.
	 */
	private DataSize maxRequestLineSize = DataSize.ofBytes(KestrelLimits.DEFAULT_MAX_REQUEST_LINE_SIZE);

	/**
	 * Largest request header section: 431 and the connection closes.
	 */
	private DataSize maxRequestHeadersTotalSize = DataSize
		.ofBytes(KestrelLimits.DEFAULT_MAX_REQUEST_HEADERS_TOTAL_SIZE);

	/**
	 * Most header fields in a request: 431 and the connection closes.
	 */
	private int maxRequestHeaderCount = KestrelLimits.DEFAULT_MAX_REQUEST_HEADER_COUNT;

	/**
	 * How long an idle connection waits for its next request before it closes. -1 for no
	 * timeout.
	 */
	private @Nullable Duration keepAliveTimeout = KestrelLimits.DEFAULT_KEEP_ALIVE_TIMEOUT;

	/**
	 * How long a request's header section may take to arrive, from its first byte: 408 and
	 * the connection closes. -1 for no timeout.
	 */
	private @Nullable Duration requestHeadersTimeout = KestrelLimits.DEFAULT_REQUEST_HEADERS_TIMEOUT;

	/**
	 * Slowest a request body may arrive: 408 and the connection closes.
	 */
	private final MinDataRate minRequestBodyDataRate = MinDataRate.of(KestrelLimits.DEFAULT_MIN_REQUEST_BODY_DATA_RATE);

	/**
	 * Slowest a client may take a response while the server waits to write: the connection is
	 * aborted.
	 */
	private final MinDataRate minResponseDataRate = MinDataRate.of(KestrelLimits.DEFAULT_MIN_RESPONSE_DATA_RATE);

	/**
	 * HTTP/2 limits.
	 */
	private final Http2 http2 = new Http2();

	/**
	 * HTTP/3 limits.
	 */
	private final Http3 http3 = new Http3();

	public @Nullable Long getMaxConcurrentConnections() {
		return this.maxConcurrentConnections;
	}

	public void setMaxConcurrentConnections(@Nullable Long maxConcurrentConnections) {
		this.maxConcurrentConnections = maxConcurrentConnections;
	}

	public @Nullable Long getMaxConcurrentUpgradedConnections() {
		return this.maxConcurrentUpgradedConnections;
	}

	public void setMaxConcurrentUpgradedConnections(@Nullable Long maxConcurrentUpgradedConnections) {
		this.maxConcurrentUpgradedConnections = maxConcurrentUpgradedConnections;
	}

	public @Nullable DataSize getMaxRequestBodySize() {
		return this.maxRequestBodySize;
	}

	public void setMaxRequestBodySize(@Nullable DataSize maxRequestBodySize) {
		this.maxRequestBodySize = maxRequestBodySize;
	}

	public DataSize getMaxRequestLineSize() {
		return this.maxRequestLineSize;
	}

	public void setMaxRequestLineSize(DataSize maxRequestLineSize) {
		this.maxRequestLineSize = maxRequestLineSize;
	}

	public DataSize getMaxRequestHeadersTotalSize() {
		return this.maxRequestHeadersTotalSize;
	}

	public void setMaxRequestHeadersTotalSize(DataSize maxRequestHeadersTotalSize) {
		this.maxRequestHeadersTotalSize = maxRequestHeadersTotalSize;
	}

	public int getMaxRequestHeaderCount() {
		return this.maxRequestHeaderCount;
	}

	public void setMaxRequestHeaderCount(int maxRequestHeaderCount) {
		this.maxRequestHeaderCount = maxRequestHeaderCount;
	}

	public @Nullable Duration getKeepAliveTimeout() {
		return this.keepAliveTimeout;
	}

	public void setKeepAliveTimeout(@Nullable Duration keepAliveTimeout) {
		this.keepAliveTimeout = keepAliveTimeout;
	}

	public @Nullable Duration getRequestHeadersTimeout() {
		return this.requestHeadersTimeout;
	}

	public void setRequestHeadersTimeout(@Nullable Duration requestHeadersTimeout) {
		this.requestHeadersTimeout = requestHeadersTimeout;
	}

	public MinDataRate getMinRequestBodyDataRate() {
		return this.minRequestBodyDataRate;
	}

	public MinDataRate getMinResponseDataRate() {
		return this.minResponseDataRate;
	}

	public Http2 getHttp2() {
		return this.http2;
	}

	public Http3 getHttp3() {
		return this.http3;
	}

	/**
	 * A minimum data rate, enforced after a grace period.
	 */
	public static class MinDataRate {

		/**
		 * Slowest rate allowed, in bytes per second. -1 for no minimum.
		 */
		private @Nullable Double bytesPerSecond;

		/**
		 * How long before the rate is enforced.
		 */
		private Duration gracePeriod = Duration.ZERO;

		static MinDataRate of(io.github.serverimpl.features.MinDataRate defaults) {
			MinDataRate rate = new MinDataRate();
			rate.setBytesPerSecond(defaults.bytesPerSecond());
			rate.setGracePeriod(defaults.gracePeriod());
			return rate;
		}

		public @Nullable Double getBytesPerSecond() {
			return this.bytesPerSecond;
		}

		public void setBytesPerSecond(@Nullable Double bytesPerSecond) {
			this.bytesPerSecond = bytesPerSecond;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			this.gracePeriod = gracePeriod;
		}

	}

	/**
	 * HTTP/2 limits, with Kestrel's defaults.
	 */
	public static class Http2 {

		/**
		 * Concurrent streams per connection; more are refused with REFUSED_STREAM.
		 */
		private int maxStreamsPerConnection = KestrelLimits.Http2.DEFAULT_MAX_STREAMS_PER_CONNECTION;

		/**
		 * HPACK dynamic table size.
		 */
		private DataSize headerTableSize = DataSize.ofBytes(KestrelLimits.Http2.DEFAULT_HEADER_TABLE_SIZE);

		/**
		 * Largest frame payload the server accepts (16KB to 16MB - 1).
		 */
		private DataSize maxFrameSize = DataSize.ofBytes(KestrelLimits.Http2.DEFAULT_MAX_FRAME_SIZE);

		/**
		 * Largest decoded request header list.
		 */
		private DataSize maxRequestHeaderFieldSize = DataSize
			.ofBytes(KestrelLimits.Http2.DEFAULT_MAX_REQUEST_HEADER_FIELD_SIZE);

		/**
		 * Flow-control window of each stream.
		 */
		private DataSize initialStreamWindowSize = DataSize
			.ofBytes(KestrelLimits.Http2.DEFAULT_INITIAL_STREAM_WINDOW_SIZE);

		/**
		 * Flow-control window of the whole connection, at least (Netty already opens it to about
		 * twice the stream window).
		 */
		private DataSize initialConnectionWindowSize = DataSize
			.ofBytes(KestrelLimits.Http2.DEFAULT_INITIAL_CONNECTION_WINDOW_SIZE);

		/**
		 * How long a connection may stay silent before the server sends a PING (at least 1s).
		 * Unset: no pings.
		 */
		private @Nullable Duration keepAlivePingDelay;

		/**
		 * How long the server waits for a PING's acknowledgement before it closes the connection.
		 */
		private Duration keepAlivePingTimeout = KestrelLimits.Http2.DEFAULT_KEEP_ALIVE_PING_TIMEOUT;

		public DataSize getInitialConnectionWindowSize() {
			return this.initialConnectionWindowSize;
		}

		public void setInitialConnectionWindowSize(DataSize initialConnectionWindowSize) {
			this.initialConnectionWindowSize = initialConnectionWindowSize;
		}

		public @Nullable Duration getKeepAlivePingDelay() {
			return this.keepAlivePingDelay;
		}

		public void setKeepAlivePingDelay(@Nullable Duration keepAlivePingDelay) {
			this.keepAlivePingDelay = keepAlivePingDelay;
		}

		public Duration getKeepAlivePingTimeout() {
			return this.keepAlivePingTimeout;
		}

		public void setKeepAlivePingTimeout(Duration keepAlivePingTimeout) {
			this.keepAlivePingTimeout = keepAlivePingTimeout;
		}

		public int getMaxStreamsPerConnection() {
			return this.maxStreamsPerConnection;
		}

		public void setMaxStreamsPerConnection(int maxStreamsPerConnection) {
			this.maxStreamsPerConnection = maxStreamsPerConnection;
		}

		public DataSize getHeaderTableSize() {
			return this.headerTableSize;
		}

		public void setHeaderTableSize(DataSize headerTableSize) {
			this.headerTableSize = headerTableSize;
		}

		public DataSize getMaxFrameSize() {
			return this.maxFrameSize;
		}

		public void setMaxFrameSize(DataSize maxFrameSize) {
			this.maxFrameSize = maxFrameSize;
		}

		public DataSize getMaxRequestHeaderFieldSize() {
			return this.maxRequestHeaderFieldSize;
		}

		public void setMaxRequestHeaderFieldSize(DataSize maxRequestHeaderFieldSize) {
			this.maxRequestHeaderFieldSize = maxRequestHeaderFieldSize;
		}

		public DataSize getInitialStreamWindowSize() {
			return this.initialStreamWindowSize;
		}

		public void setInitialStreamWindowSize(DataSize initialStreamWindowSize) {
			this.initialStreamWindowSize = initialStreamWindowSize;
		}

	}

	/**
	 * HTTP/3 limits, with Kestrel's defaults.
	 */
	public static class Http3 {

		/**
		 * Largest header section of a request, as RFC 9114 counts it (each field's name, value and
		 * 32 bytes); a larger one is answered 431.
		 */
		private DataSize maxRequestHeaderFieldSize = DataSize
			.ofBytes(KestrelLimits.Http3.DEFAULT_MAX_REQUEST_HEADER_FIELD_SIZE);

		public DataSize getMaxRequestHeaderFieldSize() {
			return this.maxRequestHeaderFieldSize;
		}

		public void setMaxRequestHeaderFieldSize(DataSize maxRequestHeaderFieldSize) {
			this.maxRequestHeaderFieldSize = maxRequestHeaderFieldSize;
		}

	}

}

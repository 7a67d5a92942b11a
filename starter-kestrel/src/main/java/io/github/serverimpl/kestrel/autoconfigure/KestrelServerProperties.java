package io.github.serverimpl.kestrel.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.web.server.Ssl.ClientAuth;
import org.springframework.util.unit.DataSize;

/**
 * Kestrel's settings.
 */
@ConfigurationProperties("server.kestrel")
public class KestrelServerProperties {

	/**
	 * Endpoints to listen on, by name. When empty, server.port, server.address, server.ssl.* and
	 * server.http2.enabled define one endpoint.
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	/**
	 * Whether to send a 'Server: Kestrel' response header. server.server-header, when set, wins.
	 */
	private boolean addServerHeader = true;

	/**
	 * Hosts the server answers for: '*', exact names and '*.suffix' (ports ignored); a request for
	 * another host gets 400. Empty answers any host.
	 */
	private List<String> allowedHosts = new ArrayList<>();

	/**
	 * Limits and timeouts, with Kestrel's defaults.
	 */
	private final Limits limits = new Limits();

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public Limits getLimits() {
		return this.limits;
	}

	public List<String> getAllowedHosts() {
		return this.allowedHosts;
	}

	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts;
	}

	public boolean isAddServerHeader() {
		return this.addServerHeader;
	}

	public void setAddServerHeader(boolean addServerHeader) {
		this.addServerHeader = addServerHeader;
	}

	/**
	 * Limits and timeouts of every endpoint, with Kestrel's defaults.
	 */
	public static class Limits {

		/**
		 * Open connections accepted at once, over all endpoints; more are closed at once without a
		 * response. Unset for no limit.
		 */
		private @Nullable Long maxConcurrentConnections;

		/**
		 * Upgraded (WebSocket) connections at once; they count here instead of against
		 * max-concurrent-connections, and more upgrade requests get 503. Unset for no limit.
		 */
		private @Nullable Long maxConcurrentUpgradedConnections;

		/**
		 * Largest request body: 413 and the connection closes. Empty for no limit.
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
		 * How long an idle connection waits for its next request before it closes. Empty for
		 * no timeout.
		 */
		private @Nullable Duration keepAliveTimeout = KestrelLimits.DEFAULT_KEEP_ALIVE_TIMEOUT;

		/**
		 * How long a request's header section may take to arrive, from its first byte: 408 and
		 * the connection closes. Empty for no timeout.
		 */
		private @Nullable Duration requestHeadersTimeout = KestrelLimits.DEFAULT_REQUEST_HEADERS_TIMEOUT;

		/**
		 * Slowest a request body may arrive: 408 and the connection closes.
		 */
		private final MinDataRate minRequestBodyDataRate = new MinDataRate(
				KestrelLimits.DEFAULT_MIN_REQUEST_BODY_DATA_RATE);

		/**
		 * Slowest a client may take a response while the server waits to write: the connection is
		 * aborted.
		 */
		private final MinDataRate minResponseDataRate = new MinDataRate(KestrelLimits.DEFAULT_MIN_RESPONSE_DATA_RATE);

		/**
		 * HTTP/2 limits.
		 */
		private final Http2 http2 = new Http2();

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

		/**
		 * A minimum data rate, enforced after a grace period.
		 */
		public static class MinDataRate {

			/**
			 * Slowest rate allowed, in bytes per second. Empty for no minimum.
			 */
			private @Nullable Double bytesPerSecond;

			/**
			 * How long before the rate is enforced.
			 */
			private Duration gracePeriod;

			MinDataRate(KestrelLimits.MinDataRate defaults) {
				this.bytesPerSecond = defaults.bytesPerSecond();
				this.gracePeriod = defaults.gracePeriod();
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

	}

	/**
	 * One endpoint.
	 */
	public static class Endpoint {

		/**
		 * Where to listen: 'http://host:port', 'https://host:port' or
		 * 'http://unix:/absolute/path.sock'. Host 'localhost' binds both loopbacks; '*', '+',
		 * '0.0.0.0' and '[::]' bind every address; port 0 picks a free port.
		 */
		private @Nullable String url;

		/**
		 * HTTP versions served on this endpoint.
		 */
		private HttpProtocols protocols = HttpProtocols.HTTP1_AND_HTTP2;

		/**
		 * TLS settings of an https endpoint.
		 */
		private final Ssl ssl = new Ssl();

		/**
		 * Certificates by the host name the client asks for (SNI): exact names, '*.suffix' and
		 * '*'.
		 */
		private final Map<String, Sni> sni = new LinkedHashMap<>();

		/**
		 * Whether connections start with a PROXY protocol (v1 or v2) header, as from HAProxy or
		 * Nginx's stream module; its source address becomes the client address. Connections
		 * without a valid header are closed.
		 */
		private boolean proxyProtocol;

		/**
		 * POSIX permissions of a Unix socket file, such as 'rw-rw----', so that a proxy running as
		 * another user can connect. Unset leaves them as the process's umask made them.
		 */
		private @Nullable String socketPermissions;

		/**
		 * Whether to log the bytes of each connection at DEBUG, under the logger
		 * 'io.github.serverimpl.kestrel.connections.<endpoint name>'.
		 */
		private boolean connectionLogging;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public HttpProtocols getProtocols() {
			return this.protocols;
		}

		public void setProtocols(HttpProtocols protocols) {
			this.protocols = protocols;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public Map<String, Sni> getSni() {
			return this.sni;
		}

		public boolean isProxyProtocol() {
			return this.proxyProtocol;
		}

		public void setProxyProtocol(boolean proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
		}

		public @Nullable String getSocketPermissions() {
			return this.socketPermissions;
		}

		public void setSocketPermissions(@Nullable String socketPermissions) {
			this.socketPermissions = socketPermissions;
		}

		public boolean isConnectionLogging() {
			return this.connectionLogging;
		}

		public void setConnectionLogging(boolean connectionLogging) {
			this.connectionLogging = connectionLogging;
		}

	}

	/**
	 * TLS settings of an endpoint.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) holding the endpoint's certificate.
		 */
		private @Nullable String bundle;

		/**
		 * Whether client certificates are not asked for, wanted or needed.
		 */
		private ClientAuth clientAuth = ClientAuth.NONE;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

	}

	/**
	 * The certificate for one SNI host name.
	 */
	public static class Sni {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) to serve for this host name.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}

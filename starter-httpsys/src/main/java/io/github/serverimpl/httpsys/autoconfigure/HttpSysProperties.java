package io.github.serverimpl.httpsys.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.github.serverimpl.httpsys.AuthenticationScheme;
import io.github.serverimpl.httpsys.Http503Verbosity;
import io.github.serverimpl.httpsys.HttpSysOptions;
import io.github.serverimpl.httpsys.RequestQueueMode;
import io.github.serverimpl.httpsys.UrlPrefix;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the HTTP.sys server, mirroring ASP.NET Core's {@code HttpSysOptions} with its
 * defaults.
 */
@ConfigurationProperties("server.httpsys")
public class HttpSysProperties {

	private static final String PREFIX = "server.httpsys.";

	/** HTTP.sys keeps timeouts in an unsigned 16-bit number of seconds. */
	private static final long MAX_TIMEOUT_SECONDS = 0xFFFF;

	/**
	 * URL prefixes to register (scheme://host:port/path/); empty for http://localhost:<server.port>/.
	 */
	private List<String> urlPrefixes = new ArrayList<>();

	/**
	 * How many requests are received at once. Default: 5 per processor.
	 */
	private @Nullable Integer maxAccepts;

	/**
	 * Most connections to the URL prefixes; -1 for no limit. Default: the machine-wide setting.
	 */
	private @Nullable Long maxConnections;

	/**
	 * Largest request body; 413 beyond it. -1 for no limit.
	 */
	private DataSize maxRequestBodySize = DataSize.ofBytes(HttpSysOptions.DEFAULT_MAX_REQUEST_BODY_SIZE);

	/**
	 * How many requests may wait in the request queue.
	 */
	private int requestQueueLimit = HttpSysOptions.DEFAULT_REQUEST_QUEUE_LIMIT;

	/**
	 * Name of the request queue, for sharing it with other processes. Default: an anonymous queue.
	 */
	private @Nullable String requestQueueName;

	/**
	 * Whether to create the request queue, attach to an existing one, or either.
	 */
	private RequestQueueMode requestQueueMode = RequestQueueMode.CREATE;

	/**
	 * Whether cacheable responses go to HTTP.sys's kernel-mode cache.
	 */
	private boolean enableResponseCaching = true;

	/**
	 * What HTTP.sys tells a client it rejects because the queue is full or gone.
	 */
	private Http503Verbosity http503Verbosity = Http503Verbosity.BASIC;

	/**
	 * Whether body writes to a client that went away fail, instead of being dropped.
	 */
	private boolean throwWriteExceptions;

	/**
	 * Whether request header values are decoded as Latin-1 instead of UTF-8.
	 */
	private boolean useLatin1RequestHeaders;

	private final Authentication authentication = new Authentication();

	private final Timeouts timeouts = new Timeouts();

	public List<String> getUrlPrefixes() {
		return this.urlPrefixes;
	}

	public void setUrlPrefixes(List<String> urlPrefixes) {
		this.urlPrefixes = urlPrefixes;
	}

	public @Nullable Integer getMaxAccepts() {
		return this.maxAccepts;
	}

	public void setMaxAccepts(@Nullable Integer maxAccepts) {
		this.maxAccepts = maxAccepts;
	}

	public @Nullable Long getMaxConnections() {
		return this.maxConnections;
	}

	public void setMaxConnections(@Nullable Long maxConnections) {
		this.maxConnections = maxConnections;
	}

	public DataSize getMaxRequestBodySize() {
		return this.maxRequestBodySize;
	}

	public void setMaxRequestBodySize(DataSize maxRequestBodySize) {
		this.maxRequestBodySize = maxRequestBodySize;
	}

	public int getRequestQueueLimit() {
		return this.requestQueueLimit;
	}

	public void setRequestQueueLimit(int requestQueueLimit) {
		this.requestQueueLimit = requestQueueLimit;
	}

	public @Nullable String getRequestQueueName() {
		return this.requestQueueName;
	}

	public void setRequestQueueName(@Nullable String requestQueueName) {
		this.requestQueueName = requestQueueName;
	}

	public RequestQueueMode getRequestQueueMode() {
		return this.requestQueueMode;
	}

	public void setRequestQueueMode(RequestQueueMode requestQueueMode) {
		this.requestQueueMode = requestQueueMode;
	}

	public boolean isEnableResponseCaching() {
		return this.enableResponseCaching;
	}

	public void setEnableResponseCaching(boolean enableResponseCaching) {
		this.enableResponseCaching = enableResponseCaching;
	}

	public Http503Verbosity getHttp503Verbosity() {
		return this.http503Verbosity;
	}

	public void setHttp503Verbosity(Http503Verbosity http503Verbosity) {
		this.http503Verbosity = http503Verbosity;
	}

	public boolean isThrowWriteExceptions() {
		return this.throwWriteExceptions;
	}

	public void setThrowWriteExceptions(boolean throwWriteExceptions) {
		this.throwWriteExceptions = throwWriteExceptions;
	}

	public boolean isUseLatin1RequestHeaders() {
		return this.useLatin1RequestHeaders;
	}

	public void setUseLatin1RequestHeaders(boolean useLatin1RequestHeaders) {
		this.useLatin1RequestHeaders = useLatin1RequestHeaders;
	}

	public Authentication getAuthentication() {
		return this.authentication;
	}

	public Timeouts getTimeouts() {
		return this.timeouts;
	}

	/**
	 * Check the properties and map them to the server's options.
	 * @return the options
	 * @throws InvalidConfigurationPropertyValueException if a value is out of range
	 */
	public HttpSysOptions toOptions() {
		List<UrlPrefix> prefixes = new ArrayList<>();
		for (int i = 0; i < this.urlPrefixes.size(); i++) {
			try {
				prefixes.add(UrlPrefix.parse(this.urlPrefixes.get(i)));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "url-prefixes[" + i + "]",
						this.urlPrefixes.get(i), ex.getMessage());
			}
		}
		int maxAccepts = (this.maxAccepts != null) ? this.maxAccepts
				: HttpSysOptions.DEFAULT_MAX_ACCEPTS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors();
		if (maxAccepts < 1) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "max-accepts", maxAccepts,
					"At least one request must be received at a time.");
		}
		if (this.requestQueueName != null
				&& this.requestQueueName.length() > HttpSysOptions.MAX_REQUEST_QUEUE_NAME_LENGTH) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "request-queue-name", this.requestQueueName,
					"HTTP.sys takes queue names of at most " + HttpSysOptions.MAX_REQUEST_QUEUE_NAME_LENGTH
							+ " characters.");
		}
		if (this.requestQueueMode != RequestQueueMode.CREATE && this.requestQueueName == null) {
			throw new InvalidConfigurationPropertyValueException(PREFIX + "request-queue-mode", this.requestQueueMode,
					"Attaching needs the name of the queue to attach to: set " + PREFIX + "request-queue-name.");
		}
		long bodyLimit = this.maxRequestBodySize.toBytes();
		return new HttpSysOptions(prefixes, this.authentication.toOptions(), maxAccepts, this.maxConnections,
				(bodyLimit < 0) ? null : bodyLimit, this.requestQueueLimit, this.requestQueueName,
				this.requestQueueMode, this.enableResponseCaching, this.http503Verbosity, this.throwWriteExceptions,
				this.useLatin1RequestHeaders, this.timeouts.toOptions());
	}

	/**
	 * Kernel-mode (Windows) authentication.
	 */
	public static class Authentication {

		/**
		 * Schemes HTTP.sys runs: kerberos, negotiate, ntlm, basic. Default: none.
		 */
		private Set<AuthenticationScheme> schemes = EnumSet.noneOf(AuthenticationScheme.class);

		/**
		 * Whether requests without an authenticated user reach the application; otherwise they get 401.
		 */
		private boolean allowAnonymous = true;

		public Set<AuthenticationScheme> getSchemes() {
			return this.schemes;
		}

		public void setSchemes(Set<AuthenticationScheme> schemes) {
			this.schemes = schemes;
		}

		public boolean isAllowAnonymous() {
			return this.allowAnonymous;
		}

		public void setAllowAnonymous(boolean allowAnonymous) {
			this.allowAnonymous = allowAnonymous;
		}

		HttpSysOptions.Authentication toOptions() {
			return new HttpSysOptions.Authentication(Set.copyOf(this.schemes), this.allowAnonymous);
		}

	}

	/**
	 * HTTP.sys's timeouts; unset keeps HTTP.sys's default (2 minutes each, 150 B/s).
	 */
	public static class Timeouts {

		/**
		 * Time for the request body to arrive.
		 */
		private @Nullable Duration entityBody;

		/**
		 * Time to drain an unread request body on a keep-alive connection.
		 */
		private @Nullable Duration drainEntityBody;

		/**
		 * Time a request may wait in the request queue.
		 */
		private @Nullable Duration requestQueue;

		/**
		 * Time an idle connection stays open.
		 */
		private @Nullable Duration idleConnection;

		/**
		 * Time to receive and parse the request headers.
		 */
		private @Nullable Duration headerWait;

		/**
		 * Slowest rate a response may be sent at, in bytes per second; -1 for no minimum.
		 */
		private @Nullable Long minSendBytesPerSecond;

		public @Nullable Duration getEntityBody() {
			return this.entityBody;
		}

		public void setEntityBody(@Nullable Duration entityBody) {
			this.entityBody = entityBody;
		}

		public @Nullable Duration getDrainEntityBody() {
			return this.drainEntityBody;
		}

		public void setDrainEntityBody(@Nullable Duration drainEntityBody) {
			this.drainEntityBody = drainEntityBody;
		}

		public @Nullable Duration getRequestQueue() {
			return this.requestQueue;
		}

		public void setRequestQueue(@Nullable Duration requestQueue) {
			this.requestQueue = requestQueue;
		}

		public @Nullable Duration getIdleConnection() {
			return this.idleConnection;
		}

		public void setIdleConnection(@Nullable Duration idleConnection) {
			this.idleConnection = idleConnection;
		}

		public @Nullable Duration getHeaderWait() {
			return this.headerWait;
		}

		public void setHeaderWait(@Nullable Duration headerWait) {
			this.headerWait = headerWait;
		}

		public @Nullable Long getMinSendBytesPerSecond() {
			return this.minSendBytesPerSecond;
		}

		public void setMinSendBytesPerSecond(@Nullable Long minSendBytesPerSecond) {
			this.minSendBytesPerSecond = minSendBytesPerSecond;
		}

		HttpSysOptions.Timeouts toOptions() {
			return new HttpSysOptions.Timeouts(checked("entity-body", this.entityBody),
					checked("drain-entity-body", this.drainEntityBody), checked("request-queue", this.requestQueue),
					checked("idle-connection", this.idleConnection), checked("header-wait", this.headerWait),
					this.minSendBytesPerSecond);
		}

		private static @Nullable Duration checked(String name, @Nullable Duration timeout) {
			if (timeout != null && (timeout.isNegative() || timeout.toSeconds() > MAX_TIMEOUT_SECONDS)) {
				throw new InvalidConfigurationPropertyValueException(PREFIX + "timeouts." + name, timeout,
						"HTTP.sys takes timeouts of 0 to " + MAX_TIMEOUT_SECONDS + " seconds.");
			}
			return timeout;
		}

	}

}

package io.github.serverimpl.httpsys;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The options of the HTTP.sys server, as ASP.NET Core's {@code HttpSysOptions}, with its defaults.
 *
 * @param urlPrefixes the prefixes to register; empty for {@code http://localhost:<server.port>/}
 * @param authentication kernel-mode authentication
 * @param maxAccepts how many requests are being received at once (receive calls outstanding)
 * @param maxConnections the most connections to the prefixes, -1 for no limit, {@code null} for the
 * machine-wide setting
 * @param maxRequestBodySize the largest request body in bytes (413 beyond it), {@code null} for no limit
 * @param requestQueueLimit how many requests may wait in the queue
 * @param requestQueueName the queue's name, {@code null} for an anonymous queue
 * @param requestQueueMode whether to create the queue or attach to an existing one
 * @param enableResponseCaching whether cacheable responses go to HTTP.sys's kernel cache
 * @param http503Verbosity what a client rejected by HTTP.sys sees
 * @param throwWriteExceptions whether a body write to a client that went away fails (otherwise it
 * is dropped)
 * @param useLatin1RequestHeaders whether request header values are Latin-1 rather than UTF-8
 * @param timeouts HTTP.sys's timeouts
 */
public record HttpSysOptions(List<UrlPrefix> urlPrefixes, Authentication authentication, int maxAccepts,
		@Nullable Long maxConnections, @Nullable Long maxRequestBodySize, int requestQueueLimit,
		@Nullable String requestQueueName, RequestQueueMode requestQueueMode, boolean enableResponseCaching,
		Http503Verbosity http503Verbosity, boolean throwWriteExceptions, boolean useLatin1RequestHeaders,
		Timeouts timeouts) {

	/** ASP.NET Core's {@code MaxAccepts} default: five receives per processor. */
	public static final int DEFAULT_MAX_ACCEPTS_PER_PROCESSOR = 5;

	/** ASP.NET Core's {@code MaxRequestBodySize} default (about 28.6 MB). */
	public static final long DEFAULT_MAX_REQUEST_BODY_SIZE = 30_000_000L;

	/** HTTP.sys's own request queue length, which ASP.NET Core keeps. */
	public static final int DEFAULT_REQUEST_QUEUE_LIMIT = 1000;

	/** The longest queue name HTTP.sys takes. */
	public static final int MAX_REQUEST_QUEUE_NAME_LENGTH = 260;

	/**
	 * Return the defaults: ASP.NET Core's.
	 * @return the default options
	 */
	public static HttpSysOptions defaults() {
		return new HttpSysOptions(List.of(), Authentication.NONE,
				DEFAULT_MAX_ACCEPTS_PER_PROCESSOR * Runtime.getRuntime().availableProcessors(), null,
				DEFAULT_MAX_REQUEST_BODY_SIZE, DEFAULT_REQUEST_QUEUE_LIMIT, null, RequestQueueMode.CREATE, true,
				Http503Verbosity.BASIC, false, false, Timeouts.DEFAULTS);
	}

	/**
	 * Return a copy with other URL prefixes.
	 * @param urlPrefixes the prefixes
	 * @return the copy
	 */
	public HttpSysOptions withUrlPrefixes(List<UrlPrefix> urlPrefixes) {
		return new HttpSysOptions(List.copyOf(urlPrefixes), this.authentication, this.maxAccepts, this.maxConnections,
				this.maxRequestBodySize, this.requestQueueLimit, this.requestQueueName, this.requestQueueMode,
				this.enableResponseCaching, this.http503Verbosity, this.throwWriteExceptions,
				this.useLatin1RequestHeaders, this.timeouts);
	}

	/**
	 * Return a copy with another authentication.
	 * @param authentication the authentication
	 * @return the copy
	 */
	public HttpSysOptions withAuthentication(Authentication authentication) {
		return new HttpSysOptions(this.urlPrefixes, authentication, this.maxAccepts, this.maxConnections,
				this.maxRequestBodySize, this.requestQueueLimit, this.requestQueueName, this.requestQueueMode,
				this.enableResponseCaching, this.http503Verbosity, this.throwWriteExceptions,
				this.useLatin1RequestHeaders, this.timeouts);
	}

	/**
	 * Return a copy with another number of outstanding receives.
	 * @param maxAccepts the number, at least 1
	 * @return the copy
	 */
	public HttpSysOptions withMaxAccepts(int maxAccepts) {
		return new HttpSysOptions(this.urlPrefixes, this.authentication, maxAccepts, this.maxConnections,
				this.maxRequestBodySize, this.requestQueueLimit, this.requestQueueName, this.requestQueueMode,
				this.enableResponseCaching, this.http503Verbosity, this.throwWriteExceptions,
				this.useLatin1RequestHeaders, this.timeouts);
	}

	/**
	 * Return a copy with another request body limit.
	 * @param maxRequestBodySize the limit in bytes, {@code null} for none
	 * @return the copy
	 */
	public HttpSysOptions withMaxRequestBodySize(@Nullable Long maxRequestBodySize) {
		return new HttpSysOptions(this.urlPrefixes, this.authentication, this.maxAccepts, this.maxConnections,
				maxRequestBodySize, this.requestQueueLimit, this.requestQueueName, this.requestQueueMode,
				this.enableResponseCaching, this.http503Verbosity, this.throwWriteExceptions,
				this.useLatin1RequestHeaders, this.timeouts);
	}

	/**
	 * Kernel-mode authentication.
	 *
	 * @param schemes the schemes HTTP.sys runs; empty for none
	 * @param allowAnonymous whether requests without an authenticated user reach the application
	 * (otherwise they get 401 with a challenge per scheme)
	 */
	public record Authentication(Set<AuthenticationScheme> schemes, boolean allowAnonymous) {

		/** No authentication: ASP.NET Core's default. */
		public static final Authentication NONE = new Authentication(Set.of(), true);

	}

	/**
	 * HTTP.sys's timeouts ({@code HTTP_TIMEOUT_LIMIT_INFO}); {@code null} keeps HTTP.sys's default.
	 *
	 * @param entityBody time for the request body to arrive (HTTP.sys: 2 minutes)
	 * @param drainEntityBody time to drain an unread body on a keep-alive connection (2 minutes)
	 * @param requestQueue time a request may wait in the queue (2 minutes)
	 * @param idleConnection time an idle connection stays open (2 minutes)
	 * @param headerWait time to parse the request headers (2 minutes)
	 * @param minSendBytesPerSecond the slowest a response may be sent (150), -1 for no minimum
	 */
	public record Timeouts(@Nullable Duration entityBody, @Nullable Duration drainEntityBody,
			@Nullable Duration requestQueue, @Nullable Duration idleConnection, @Nullable Duration headerWait,
			@Nullable Long minSendBytesPerSecond) {

		/** HTTP.sys's defaults everywhere. */
		public static final Timeouts DEFAULTS = new Timeouts(null, null, null, null, null, null);

	}

}

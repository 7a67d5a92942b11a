package io.github.serverimpl.kestrel.limits;

import java.util.Locale;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;

/**
 * Why the server refused a connection or a request: one name for logs and metrics alike, with the
 * status sent (if any) and the property that sets the limit.
 */
public enum RejectionReason {

	/** Too many open connections: closed at once, without a response. */
	MAX_CONCURRENT_CONNECTIONS(null, "server.kestrel.limits.max-concurrent-connections"),

	/** An upgrade (WebSocket) request while the upgraded connections are at their limit. */
	MAX_CONCURRENT_UPGRADED_CONNECTIONS(HttpResponseStatus.SERVICE_UNAVAILABLE,
			"server.kestrel.limits.max-concurrent-upgraded-connections"),

	/** The request body is larger than allowed. */
	REQUEST_BODY_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "server.kestrel.limits.max-request-body-size"),

	/**
	 * The request's header section is larger than allowed: counted on HTTP/3, where Kestrel judges
	 * it; Netty's decoders judge it on HTTP/1.1 and HTTP/2.
	 */
	REQUEST_HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
			"server.kestrel.limits.max-request-headers-total-size"),

	/** The request has more header fields than allowed. */
	TOO_MANY_HEADERS(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "server.kestrel.limits.max-request-header-count"),

	/** The request body arrived slower than the minimum data rate. */
	REQUEST_BODY_TOO_SLOW(HttpResponseStatus.REQUEST_TIMEOUT, "server.kestrel.limits.min-request-body-data-rate"),

	/** The client took the response slower than the minimum data rate: the connection is aborted. */
	RESPONSE_TOO_SLOW(null, "server.kestrel.limits.min-response-data-rate"),

	/** The header section did not arrive in time. */
	REQUEST_HEADERS_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "server.kestrel.limits.request-headers-timeout"),

	/** The request target is in none of RFC 9112's forms, or has characters it cannot have. */
	INVALID_REQUEST_TARGET(HttpResponseStatus.BAD_REQUEST, null),

	/** The asterisk form ({@code *}) with a method other than OPTIONS. */
	METHOD_NOT_ALLOWED_FOR_TARGET(HttpResponseStatus.METHOD_NOT_ALLOWED, null),

	/** An HTTP version other than 1.0 and 1.1 on an HTTP/1 connection. */
	UNSUPPORTED_HTTP_VERSION(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, null),

	/** A missing, repeated or malformed Host, or one that contradicts an absolute-form target. */
	INVALID_HOST(HttpResponseStatus.BAD_REQUEST, null),

	/** The request names a host outside {@code server.kestrel.allowed-hosts}. */
	HOST_NOT_ALLOWED(HttpResponseStatus.BAD_REQUEST, "server.kestrel.allowed-hosts"),

	/** An HTTP/1.0 POST or PUT without Content-Length: its body cannot be delimited. */
	LENGTH_REQUIRED(HttpResponseStatus.BAD_REQUEST, null),

	/**
	 * A request line whose parts are not separated by single spaces, or whose version is not
	 * {@code HTTP/} in upper case (RFC 9112 sections 3 and 2.3).
	 */
	INVALID_REQUEST_LINE(HttpResponseStatus.BAD_REQUEST, null),

	/**
	 * A field line that starts with whitespace: an obs-fold continuing the field before it, or
	 * whitespace before the first field (RFC 9112 section 5.2).
	 */
	OBSOLETE_LINE_FOLDING(HttpResponseStatus.BAD_REQUEST, null),

	/**
	 * More bytes after an upgrade request, before it was answered, than a header section may have
	 * (a client must wait for the answer, RFC 6455 section 4.1): closed without a response.
	 */
	DATA_BEFORE_UPGRADE_ANSWER(null, null);

	private final @Nullable HttpResponseStatus status;

	private final @Nullable String property;

	RejectionReason(@Nullable HttpResponseStatus status, @Nullable String property) {
		this.status = status;
		this.property = property;
	}

	/**
	 * Return this reason as a tag value.
	 * @return the name in lower case, such as {@code too_many_headers}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return whether this is a configured limit (as opposed to a malformed request).
	 * @return whether a property sets it
	 */
	public boolean isLimit() {
		return this.property != null;
	}

	/**
	 * Return the status sent, if any.
	 * @return the status, or {@code null} when the connection closes without a response
	 */
	public @Nullable HttpResponseStatus status() {
		return this.status;
	}

	/**
	 * Return the property that sets the limit.
	 * @return for example {@code server.kestrel.limits.max-request-header-count}, or {@code null}
	 * for a malformed request
	 */
	public @Nullable String property() {
		return this.property;
	}

}

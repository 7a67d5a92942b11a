package io.github.serverimpl.kestrel.limits;

import io.netty.handler.codec.http.HttpResponseStatus;
import org.jspecify.annotations.Nullable;

/**
 * Why the server refused a connection or a request: one name for logs and metrics alike, with the
 * status sent (if any) and the property that sets the limit.
 */
public enum RejectionReason {

	/** Too many open connections: closed at once, without a response. */
	MAX_CONCURRENT_CONNECTIONS(null, "max-concurrent-connections"),

	/** The request body is larger than allowed. */
	REQUEST_BODY_TOO_LARGE(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "max-request-body-size"),

	/** The request has more header fields than allowed. */
	TOO_MANY_HEADERS(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "max-request-header-count"),

	/** The header section did not arrive in time. */
	REQUEST_HEADERS_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "request-headers-timeout");

	private final @Nullable HttpResponseStatus status;

	private final String property;

	RejectionReason(@Nullable HttpResponseStatus status, String limit) {
		this.status = status;
		this.property = "server.kestrel.limits." + limit;
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
	 * @return for example {@code server.kestrel.limits.max-request-header-count}
	 */
	public String property() {
		return this.property;
	}

}

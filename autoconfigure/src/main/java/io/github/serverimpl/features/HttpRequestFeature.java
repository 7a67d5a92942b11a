package io.github.serverimpl.features;

import java.io.InputStream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * The request as a server received it. Together with {@link HttpResponseFeature} this is what a
 * custom server must supply for the shared adapter to serve a Spring application.
 */
public interface HttpRequestFeature {

	/**
	 * Return the protocol as written in the request line.
	 * @return for example {@code HTTP/1.1}
	 */
	String getProtocol();

	/**
	 * Return the scheme the request arrived with.
	 * @return {@code http} or {@code https}
	 */
	String getScheme();

	/**
	 * Return the request method.
	 * @return for example {@code GET}
	 */
	String getMethod();

	/**
	 * Return the raw (still percent-encoded) path of the request target.
	 * @return the path, starting with {@code /}
	 */
	String getRawPath();

	/**
	 * Return the raw query string, without the leading {@code ?}.
	 * @return the query, or {@code null} when the target has none
	 */
	@Nullable String getRawQuery();

	/**
	 * Return the start of the path that the server's own URL mapping consumed, as ASP.NET Core's
	 * {@code PathBase} (HTTP.sys: the path of the URL prefix that matched). It becomes Spring's
	 * context path, so the application routes on the rest of the path.
	 * @return the path base, for example {@code /app}, or {@code null} for none
	 */
	default @Nullable String getPathBase() {
		return null;
	}

	/**
	 * Return the request headers.
	 * @return the headers, as received
	 */
	HttpHeaders getHeaders();

	/**
	 * Return the request body. Reads block; the adapter reads off the event loop.
	 * @return the body, empty when the request has none
	 */
	InputStream getBody();

}

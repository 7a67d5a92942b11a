package io.github.serverimpl.features;

/**
 * Ends a request abnormally, as ASP.NET Core's {@code IHttpRequestLifetimeFeature.Abort()}: the
 * server resets the connection (HTTP/1.1) or the stream (HTTP/2), so that a client never takes a
 * truncated response for a complete one.
 */
@FunctionalInterface
public interface HttpRequestLifetimeFeature {

	/**
	 * Abort the request and its response.
	 */
	void abort();

}

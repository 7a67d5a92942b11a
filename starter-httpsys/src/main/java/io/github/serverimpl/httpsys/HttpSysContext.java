package io.github.serverimpl.httpsys;

import java.security.Principal;
import java.util.List;

import io.github.serverimpl.features.HttpAuthenticationFeature;
import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.HttpRequestFeature;
import io.github.serverimpl.features.HttpRequestLifetimeFeature;
import io.github.serverimpl.features.HttpResponseFeature;
import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.httpsys.nativeapi.ReceivedRequest;
import io.github.serverimpl.httpsys.nativeapi.RequestQueue;
import org.jspecify.annotations.Nullable;

/**
 * One request from HTTP.sys: its features, and what ends it early.
 */
final class HttpSysContext implements HttpRequestLifetimeFeature {

	private final RequestQueue queue;

	private final ReceivedRequest request;

	private final HttpSysOptions options;

	private final HttpSysRequest requestFeature;

	private final HttpSysResponse responseFeature;

	private volatile boolean aborted;

	private volatile boolean closeConnectionAfterResponse;

	HttpSysContext(RequestQueue queue, ReceivedRequest request, HttpSysOptions options) {
		this.queue = queue;
		this.request = request;
		this.options = options;
		this.requestFeature = new HttpSysRequest(this, request, options.maxRequestBodySize());
		this.responseFeature = new HttpSysResponse(this);
	}

	RequestFeatures features() {
		RequestFeatures features = new RequestFeatures();
		features.set(HttpRequestFeature.class, this.requestFeature);
		features.set(HttpResponseFeature.class, this.responseFeature);
		features.set(MaxRequestBodySizeFeature.class, this.requestFeature);
		features.set(HttpRequestLifetimeFeature.class, this);
		features.set(HttpProtocolFeature.class, new HttpProtocolFeature(this.request.protocol()));
		features.set(HttpConnectionFeature.class, new HttpConnectionFeature(
				Long.toHexString(this.request.connectionId()).toUpperCase(), this.request.localAddress(),
				this.request.remoteAddress()));
		String user = this.request.user();
		if (user != null) {
			features.set(HttpAuthenticationFeature.class, new HttpAuthenticationFeature(new WindowsUser(user)));
		}
		return features;
	}

	HttpSysResponse response() {
		return this.responseFeature;
	}

	RequestQueue queue() {
		return this.queue;
	}

	HttpSysOptions options() {
		return this.options;
	}

	/**
	 * Return the URL prefix the request matched, by the context number it was registered with.
	 */
	@Nullable UrlPrefix urlPrefix() {
		long context = this.request.urlContext();
		List<UrlPrefix> prefixes = this.options.urlPrefixes();
		return (context >= 1 && context <= prefixes.size()) ? prefixes.get((int) context - 1) : null;
	}

	long requestId() {
		return this.request.requestId();
	}

	String method() {
		return this.request.method();
	}

	String protocol() {
		return this.request.protocol();
	}

	/**
	 * Abort the request: HTTP.sys resets the connection; nothing more is sent.
	 */
	@Override
	public void abort() {
		if (!this.aborted) {
			this.aborted = true;
			this.queue.cancel(this.request.requestId());
		}
	}

	boolean isAborted() {
		return this.aborted;
	}

	/**
	 * Close the connection once the response is sent: the request body was refused unread.
	 */
	void closeConnectionAfterResponse(boolean close) {
		this.closeConnectionAfterResponse = close;
	}

	boolean closesConnectionAfterResponse() {
		return this.closeConnectionAfterResponse;
	}

	/**
	 * A Windows account HTTP.sys authenticated.
	 *
	 * @param name the account, {@code DOMAIN\\user}
	 */
	record WindowsUser(String name) implements Principal {

		@Override
		public String getName() {
			return this.name;
		}

	}

}

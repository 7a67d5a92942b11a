package io.github.serverimpl.httpsys;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.github.serverimpl.features.HttpRequestFeature;
import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.httpsys.nativeapi.HttpApiException;
import io.github.serverimpl.httpsys.nativeapi.ReceivedRequest;
import io.github.serverimpl.httpsys.nativeapi.RequestBody;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.PayloadTooLargeException;

/**
 * A request HTTP.sys delivered, as the request feature, with its body limit
 * ({@code max-request-body-size}, per request until the body is read).
 */
final class HttpSysRequest implements HttpRequestFeature, MaxRequestBodySizeFeature {

	private final HttpSysContext context;

	private final ReceivedRequest request;

	private final HttpHeaders headers = new HttpHeaders();

	private final String rawPath;

	private final @Nullable String rawQuery;

	private final @Nullable String pathBase;

	private volatile @Nullable Long maxRequestBodySize;

	private volatile boolean bodyStarted;

	private @Nullable InputStream body;

	HttpSysRequest(HttpSysContext context, ReceivedRequest request, @Nullable Long maxRequestBodySize) {
		this.context = context;
		this.request = request;
		this.maxRequestBodySize = maxRequestBodySize;
		for (Map.Entry<String, String> header : request.headers()) {
			this.headers.add(header.getKey(), header.getValue());
		}
		String target = originForm(request.rawUrl());
		int query = target.indexOf('?');
		this.rawPath = (query >= 0) ? target.substring(0, query) : target;
		this.rawQuery = (query >= 0) ? target.substring(query + 1) : null;
		this.pathBase = pathBase(this.rawPath, context.urlPrefix());
	}

	/**
	 * The path of the URL prefix that matched, as the request spells it (HTTP.sys matches without
	 * regard to case), without its trailing slash; {@code null} for a prefix at the root.
	 */
	private static @Nullable String pathBase(String rawPath, @Nullable UrlPrefix prefix) {
		if (prefix == null || prefix.path().equals("/")) {
			return null;
		}
		String base = prefix.path().substring(0, prefix.path().length() - 1);
		if (!rawPath.regionMatches(true, 0, base, 0, base.length())
				|| (rawPath.length() > base.length() && rawPath.charAt(base.length()) != '/')) {
			return null;
		}
		return rawPath.substring(0, base.length());
	}

	/**
	 * Reduce an absolute-form target ({@code http://host/path?q}, which HTTP.sys passes on as sent)
	 * to its path and query.
	 */
	private static String originForm(String target) {
		if (target.startsWith("/")) {
			return target;
		}
		int authority = target.indexOf("://");
		if (authority < 0) {
			return "/" + target;
		}
		int path = target.indexOf('/', authority + 3);
		int query = target.indexOf('?', authority + 3);
		if (path < 0 || (query >= 0 && query < path)) {
			return "/" + ((query >= 0) ? target.substring(query) : "");
		}
		return target.substring(path);
	}

	@Override
	public String getProtocol() {
		return this.request.protocol();
	}

	@Override
	public String getScheme() {
		return this.request.secure() ? "https" : "http";
	}

	@Override
	public String getMethod() {
		return this.request.method();
	}

	@Override
	public String getRawPath() {
		return this.rawPath;
	}

	@Override
	public @Nullable String getRawQuery() {
		return this.rawQuery;
	}

	@Override
	public @Nullable String getPathBase() {
		return this.pathBase;
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

	@Override
	public synchronized InputStream getBody() {
		if (this.body == null) {
			this.body = this.request.hasBody() ? new BodyStream(this.context.queue().body(this.request.requestId()))
					: InputStream.nullInputStream();
		}
		return this.body;
	}

	@Override
	public boolean isReadOnly() {
		return this.bodyStarted;
	}

	@Override
	public @Nullable Long getMaxRequestBodySize() {
		return this.maxRequestBodySize;
	}

	@Override
	public void setMaxRequestBodySize(@Nullable Long maxRequestBodySize) {
		if (this.bodyStarted) {
			throw new IllegalStateException("The request body is already being read; its size limit can no longer change");
		}
		this.maxRequestBodySize = maxRequestBodySize;
	}

	/**
	 * The body as HTTP.sys hands it over, counted against the limit: 413 as soon as the declared
	 * {@code Content-Length} or the bytes read pass it, as ASP.NET Core's {@code RequestStream}.
	 */
	private final class BodyStream extends InputStream {

		private final RequestBody body;

		private long read;

		BodyStream(RequestBody body) {
			this.body = body;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] target, int offset, int length) throws IOException {
			Long limit = HttpSysRequest.this.maxRequestBodySize;
			if (!HttpSysRequest.this.bodyStarted) {
				HttpSysRequest.this.bodyStarted = true;
				long declared = HttpSysRequest.this.headers.getContentLength();
				if (limit != null && declared > limit) {
					throw tooLarge("Content-Length " + declared, limit);
				}
			}
			int count;
			try {
				count = this.body.read(target, offset, length);
			}
			catch (HttpApiException ex) {
				HttpSysRequest.this.context.abort();
				throw ex;
			}
			if (count > 0) {
				this.read += count;
				if (limit != null && this.read > limit) {
					throw tooLarge("The request body (" + this.read + " bytes read so far)", limit);
				}
			}
			return count;
		}

		private PayloadTooLargeException tooLarge(String what, long limit) {
			HttpSysRequest.this.context.closeConnectionAfterResponse(true);
			return new PayloadTooLargeException(new IllegalStateException(
					what + " is larger than server.httpsys.max-request-body-size=" + limit));
		}

	}

}

package io.github.serverimpl.server;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpRequestFeature;
import io.github.serverimpl.features.RequestFeatures;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;

/**
 * A Spring {@code ServerHttpRequest} over an {@link HttpRequestFeature}.
 */
final class FeatureServerHttpRequest extends AbstractServerHttpRequest {

	private static final int BUFFER_SIZE = 8192;

	private final RequestFeatures features;

	private final HttpRequestFeature request;

	private final DataBufferFactory bufferFactory;

	FeatureServerHttpRequest(RequestFeatures features, HttpRequestFeature request, DataBufferFactory bufferFactory) {
		super(HttpMethod.valueOf(request.getMethod()), uri(request), request.getPathBase(), request.getHeaders());
		this.features = features;
		this.request = request;
		this.bufferFactory = bufferFactory;
	}

	private static URI uri(HttpRequestFeature request) {
		String host = request.getHeaders().getFirst(HttpHeaders.HOST);
		if (!StringUtils.hasText(host)) {
			host = "localhost";
		}
		String query = request.getRawQuery();
		return URI.create(request.getScheme() + "://" + host + request.getRawPath()
				+ ((query != null) ? "?" + query : ""));
	}

	@Override
	protected MultiValueMap<String, HttpCookie> initCookies() {
		MultiValueMap<String, HttpCookie> cookies = new LinkedMultiValueMap<>();
		for (String header : getHeaders().getOrEmpty(HttpHeaders.COOKIE)) {
			for (String pair : header.split(";")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					String name = pair.substring(0, eq).trim();
					cookies.add(name, new HttpCookie(name, pair.substring(eq + 1).trim()));
				}
			}
		}
		return cookies;
	}

	@Override
	protected @Nullable SslInfo initSslInfo() {
		return null;
	}

	@Override
	public @Nullable InetSocketAddress getLocalAddress() {
		HttpConnectionFeature connection = this.features.get(HttpConnectionFeature.class);
		return (connection != null) ? inet(connection.localAddress()) : null;
	}

	@Override
	public @Nullable InetSocketAddress getRemoteAddress() {
		HttpConnectionFeature connection = this.features.get(HttpConnectionFeature.class);
		return (connection != null) ? inet(connection.remoteAddress()) : null;
	}

	private static @Nullable InetSocketAddress inet(@Nullable SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? inet : null;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return DataBufferUtils.readInputStream(this.request::getBody, this.bufferFactory, BUFFER_SIZE)
			.subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Return the request's features: the native request of a feature-based server.
	 * @return the {@link RequestFeatures}
	 */
	@Override
	@SuppressWarnings("unchecked")
	public <T> T getNativeRequest() {
		return (T) this.features;
	}

	@Override
	protected String initId() {
		HttpConnectionFeature connection = this.features.get(HttpConnectionFeature.class);
		return (connection != null) ? connection.connectionId() + ":" + super.initId() : super.initId();
	}

}

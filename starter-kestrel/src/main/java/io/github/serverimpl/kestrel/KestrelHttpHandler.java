package io.github.serverimpl.kestrel;

import java.util.function.BiFunction;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http2.Http2StreamChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * The request handler of every Kestrel endpoint: Spring's {@link ReactorHttpHandlerAdapter} (the
 * fast path into WebFlux) with the request's features attached and the {@code Server} header set.
 */
final class KestrelHttpHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> {

	private final ReactorHttpHandlerAdapter adapter;

	private final HttpHandler application;

	private final @Nullable String serverHeader;

	KestrelHttpHandler(HttpHandler application, @Nullable String serverHeader) {
		this.application = application;
		this.serverHeader = serverHeader;
		this.adapter = new ReactorHttpHandlerAdapter(this::handle);
	}

	@Override
	public Mono<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		if (this.serverHeader != null) {
			response.header(HttpHeaderNames.SERVER, this.serverHeader);
		}
		return this.adapter.apply(request, response);
	}

	private Mono<Void> handle(ServerHttpRequest request, ServerHttpResponse response) {
		HttpServerRequest nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		RequestFeatures features = new RequestFeatures();
		nativeRequest.withConnection((connection) -> {
			Channel channel = connection.channel();
			Channel socket = (channel instanceof Http2StreamChannel) ? channel.parent() : channel;
			features.set(HttpConnectionFeature.class, new HttpConnectionFeature(socket.id().asShortText(),
					socket.localAddress(), socket.remoteAddress()));
		});
		features.set(HttpProtocolFeature.class, new HttpProtocolFeature(protocol(nativeRequest.protocol())));
		RequestFeatures.attach(request, features);
		return this.application.handle(request, response);
	}

	private static String protocol(String reactorProtocol) {
		return switch (reactorProtocol) {
			case "HTTP/2.0" -> HttpProtocolFeature.HTTP_2;
			case "HTTP/3.0" -> HttpProtocolFeature.HTTP_3;
			default -> reactorProtocol;
		};
	}

}

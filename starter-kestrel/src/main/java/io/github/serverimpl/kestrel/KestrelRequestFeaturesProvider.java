package io.github.serverimpl.kestrel;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.features.RequestFeaturesProvider;
import io.github.serverimpl.features.MinRequestBodyDataRateFeature;
import io.github.serverimpl.kestrel.limits.RequestBodyLimits;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Builds the features of a Reactor Netty request: the connection (the socket, also for an HTTP/2
 * stream; the QUIC connection and its UDP addresses for an HTTP/3 one), the protocol, and the
 * request body's limits.
 */
public final class KestrelRequestFeaturesProvider implements RequestFeaturesProvider {

	private static final AttributeKey<HttpConnectionFeature> CONNECTION = AttributeKey
		.valueOf("kestrel.connectionFeature");

	@Override
	public @Nullable RequestFeatures getFeatures(Object nativeRequest) {
		return (nativeRequest instanceof HttpServerRequest request) ? of(request) : null;
	}

	/**
	 * Return the features of a request Kestrel parsed.
	 * @param request the request
	 * @return its features
	 */
	public static RequestFeatures of(HttpServerRequest request) {
		RequestFeatures features = new RequestFeatures();
		request.withConnection((connection) -> {
			Channel channel = connection.channel();
			Channel socket = (channel instanceof Http2StreamChannel || channel instanceof QuicStreamChannel)
					? channel.parent() : channel;
			features.set(HttpConnectionFeature.class, connection(socket));
			// HTTP/1.1 keeps the limits on the connection, HTTP/3 on the request's stream.
			RequestBodyLimits body = (channel instanceof Http2StreamChannel stream)
					? RequestBodyLimits.ofStream(stream) : channel.attr(RequestBodyLimits.KEY).get();
			features.set(MaxRequestBodySizeFeature.class, body);
			features.set(MinRequestBodyDataRateFeature.class, body);
		});
		features.set(HttpProtocolFeature.class, new HttpProtocolFeature(protocol(request.protocol())));
		return features;
	}

	/** The connection's feature, made once for all its requests (a QUIC peer may move, so not for QUIC). */
	private static HttpConnectionFeature connection(Channel socket) {
		if (socket instanceof QuicChannel quic) {
			// A QUIC connection's own addresses are connection IDs; its UDP peer is the socket's.
			return new HttpConnectionFeature(socket.id().asShortText(), quic.localSocketAddress(),
					quic.remoteSocketAddress());
		}
		HttpConnectionFeature connection = socket.attr(CONNECTION).get();
		if (connection == null) {
			connection = new HttpConnectionFeature(socket.id().asShortText(), socket.localAddress(),
					socket.remoteAddress());
			socket.attr(CONNECTION).set(connection);
		}
		return connection;
	}

	private static String protocol(String reactorProtocol) {
		return switch (reactorProtocol) {
			case "HTTP/2.0" -> HttpProtocolFeature.HTTP_2;
			case "HTTP/3.0" -> HttpProtocolFeature.HTTP_3;
			default -> reactorProtocol;
		};
	}

}

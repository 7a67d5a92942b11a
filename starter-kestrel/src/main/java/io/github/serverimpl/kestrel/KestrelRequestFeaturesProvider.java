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
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServerRequest;

/**
 * Builds the features of a Reactor Netty request: the connection (the socket, also for an HTTP/2
 * stream; the QUIC connection and its UDP addresses for an HTTP/3 one), the protocol, and the
 * request body's limits.
 */
final class KestrelRequestFeaturesProvider implements RequestFeaturesProvider {

	@Override
	public @Nullable RequestFeatures getFeatures(Object nativeRequest) {
		if (!(nativeRequest instanceof HttpServerRequest request)) {
			return null;
		}
		RequestFeatures features = new RequestFeatures();
		request.withConnection((connection) -> {
			Channel channel = connection.channel();
			Channel socket = (channel instanceof Http2StreamChannel || channel instanceof QuicStreamChannel)
					? channel.parent() : channel;
			// A QUIC connection's own addresses are connection IDs; its UDP peer is the socket's.
			features.set(HttpConnectionFeature.class, (socket instanceof QuicChannel quic)
					? new HttpConnectionFeature(socket.id().asShortText(), quic.localSocketAddress(),
							quic.remoteSocketAddress())
					: new HttpConnectionFeature(socket.id().asShortText(), socket.localAddress(),
							socket.remoteAddress()));
			// HTTP/1.1 keeps the limits on the connection, HTTP/3 on the request's stream.
			RequestBodyLimits body = (channel instanceof Http2StreamChannel stream)
					? RequestBodyLimits.ofStream(stream) : channel.attr(RequestBodyLimits.KEY).get();
			features.set(MaxRequestBodySizeFeature.class, body);
			features.set(MinRequestBodyDataRateFeature.class, body);
		});
		features.set(HttpProtocolFeature.class, new HttpProtocolFeature(protocol(request.protocol())));
		return features;
	}

	private static String protocol(String reactorProtocol) {
		return switch (reactorProtocol) {
			case "HTTP/2.0" -> HttpProtocolFeature.HTTP_2;
			case "HTTP/3.0" -> HttpProtocolFeature.HTTP_3;
			default -> reactorProtocol;
		};
	}

}

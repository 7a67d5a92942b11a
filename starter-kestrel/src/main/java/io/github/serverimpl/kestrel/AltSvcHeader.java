package io.github.serverimpl.kestrel;

import java.util.function.BiFunction;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * How the TCP responses of an endpoint that also serves HTTP/3 advertise it, as Kestrel does:
 * {@code Alt-Svc: h3=":<port>"; ma=86400}, set before the application answers, so a header the
 * application sets replaces it. The port is known once the QUIC listener is bound.
 */
final class AltSvcHeader {

	private volatile @Nullable String value;

	/**
	 * Advertise HTTP/3 on a port, once it listens there.
	 * @param port the UDP port
	 */
	void advertise(int port) {
		this.value = "h3=\":" + port + "\"; ma=86400";
	}

	/**
	 * Return the header's value.
	 * @return the value, or {@code null} before HTTP/3 listens
	 */
	@Nullable String value() {
		return this.value;
	}

	/**
	 * Wrap an endpoint's handler so that its responses carry the header.
	 * @param handler the handler
	 * @return the handler that sets the header first
	 */
	BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> around(
			BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
		return (request, response) -> {
			String value = this.value;
			if (value != null) {
				response.header(HttpHeaderNames.ALT_SVC, value);
			}
			return handler.apply(request, response);
		};
	}

}

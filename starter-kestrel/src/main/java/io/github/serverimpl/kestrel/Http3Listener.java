package io.github.serverimpl.kestrel;

import java.time.Duration;

import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.LimitsConfigurer;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.quic.Quic;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.WebServerException;

/**
 * The HTTP/3 side of an endpoint: a second Reactor Netty server, over QUIC (UDP), beside the
 * endpoint's TCP one on the same address and port (one Reactor Netty server is either TCP or UDP,
 * reactor/reactor-netty#3913). Kestrel's rules decide whether it runs: HTTP/3 needs TLS, and QUIC
 * must be available (Netty's native QUIC library, which ships for Linux, macOS and Windows on
 * x86-64 and ARM64).
 */
final class Http3Listener {

	/** Concurrent request streams per connection: Kestrel's QUIC default. */
	static final long MAX_STREAMS_PER_CONNECTION = 100;

	/** Flow-control window of each request stream: Kestrel's QUIC read buffer. */
	static final long STREAM_WINDOW = 1024 * 1024;

	/** Flow-control window of a connection, over all its streams. */
	static final long CONNECTION_WINDOW = 16 * STREAM_WINDOW;

	private static final Log logger = LogFactory.getLog(Http3Listener.class);

	private Http3Listener() {
	}

	/**
	 * Return the endpoint as it will run: HTTP/3 is left out of a clear-text endpoint that also
	 * serves HTTP/1.1 or HTTP/2, and of every endpoint where QUIC is not available, with a warning.
	 * (An endpoint on systemd's sockets is checked on each socket: see the factory.)
	 * @param endpoint the endpoint as configured
	 * @return the endpoint to bind
	 * @throws WebServerException if the endpoint serves only HTTP/3 and QUIC is not available
	 */
	static EndpointOptions check(EndpointOptions endpoint) {
		if (!endpoint.protocols().includesHttp3()) {
			return endpoint;
		}
		if (!endpoint.url().isHttps()) {
			logger.warn("Endpoint '" + endpoint.name() + "' (" + endpoint.url() + ") asks for HTTP/3, which requires "
					+ "HTTPS; it serves " + endpoint.protocols().withoutHttp3().name().toLowerCase().replace('_', '-')
					+ " only. Use an https:// URL with an SSL bundle for HTTP/3");
			return endpoint.withProtocols(endpoint.protocols().withoutHttp3());
		}
		if (!Quic.isAvailable()) {
			if (!endpoint.protocols().includesTcp()) {
				throw new WebServerException("Unable to bind an HTTP/3 endpoint: '" + endpoint.name()
						+ "' serves only HTTP/3, and QUIC is not available on this platform ("
						+ Quic.unavailabilityCause() + "); serve http1-and-http2 instead", Quic.unavailabilityCause());
			}
			logger.warn("Endpoint '" + endpoint.name() + "' serves HTTP/1.1 and HTTP/2 only: HTTP/3 needs QUIC, "
					+ "which is not available on this platform (" + Quic.unavailabilityCause() + ")");
			return endpoint.withProtocols(endpoint.protocols().withoutHttp3());
		}
		return endpoint;
	}

	/**
	 * Create the QUIC server of an endpoint that serves HTTP/3.
	 * @param endpoint the endpoint
	 * @param loops the server's event loops
	 * @param connections where its connections and request streams are kept, for a graceful
	 * shutdown to wait for the requests in flight
	 * @param handler the request handler
	 * @param ssl the endpoint's TLS
	 * @param limits the limits: the header section's size and the keep-alive timeout set HTTP/3's
	 * and QUIC's settings
	 * @param configurer applies the connection limit and the request body's size limit
	 * @param compression response compression, if on
	 * @return the server, ready to bind
	 */
	static HttpServer create(EndpointOptions endpoint, LoopResources loops, ChannelGroup connections,
			KestrelHttpHandler handler, EndpointSsl ssl, KestrelLimits limits, LimitsConfigurer configurer,
			@Nullable Compression compression) {
		Duration idleTimeout = limits.keepAliveTimeout();
		HttpServer server = HttpServer.create()
			.runOn(loops)
			.protocol(HttpProtocol.HTTP3)
			.secure((spec) -> spec.sslContext(ssl.quicContext()))
			.http3Settings((settings) -> {
				settings.maxStreamsBidirectional(MAX_STREAMS_PER_CONNECTION)
					.maxStreamDataBidirectionalRemote(STREAM_WINDOW)
					.maxStreamDataBidirectionalLocal(STREAM_WINDOW)
					.maxData(CONNECTION_WINDOW)
					// Twice the limit: a section between the two is answered 431 (Http3RequestLimits);
					// beyond, Netty's QPACK decoder refuses it without an answer.
					.maxFieldSectionSize(2L * limits.maxHttp3HeaderSection());
				if (idleTimeout != null) {
					settings.idleTimeout(idleTimeout);
				}
			});
		// Reactor Netty keeps no HTTP/3 stream in a channel group: each request's stream joins the
		// endpoint's connections, for a graceful shutdown to wait for it (ConnectionDrain).
		server = configurer.applyHttp3(server, endpoint.name(), (request, response) -> {
			request.withConnection((connection) -> connections.add(connection.channel()));
			return handler.apply(request, response);
		});
		if (compression != null && compression.getEnabled()) {
			server = new CompressionCustomizer(compression).apply(server);
		}
		return server;
	}

}

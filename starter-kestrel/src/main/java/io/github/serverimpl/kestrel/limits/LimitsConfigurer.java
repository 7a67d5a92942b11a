package io.github.serverimpl.kestrel.limits;

import java.time.Duration;
import java.util.function.BiFunction;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.AbstractSniHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.jspecify.annotations.Nullable;
import reactor.netty.NettyPipeline;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Applies {@link KestrelLimits} to the Reactor Netty server of each endpoint: Netty's decoder
 * limits (request line 414, header section 431), the keep-alive timeout, HTTP/2 settings, and
 * Kestrel's handlers for the connection limit, the header count, the request-headers timeout and
 * the body size. One configurer serves every endpoint of a server, so the connection limit counts
 * them all together.
 */
public final class LimitsConfigurer {

	private static final String AFTER_ALPN = "kestrel.afterAlpn";

	static final String HTTP_1_1 = "HTTP/1.1";

	static final String HTTP_2 = "HTTP/2";

	static final String HTTP_3 = "HTTP/3";

	private final KestrelLimits limits;

	private final RejectionLog rejections;

	private final KestrelStatistics statistics;

	private final ConnectionCountingHandler connectionCounter;

	private final @Nullable ConnectionLimitHandler connectionLimit;

	private final LateEvents lateEvents = new LateEvents();

	/**
	 * Create a configurer for one server.
	 * @param limits the limits to enforce
	 * @param statistics where the server counts connections and rejections
	 */
	public LimitsConfigurer(KestrelLimits limits, KestrelStatistics statistics) {
		this.limits = limits;
		this.statistics = statistics;
		this.rejections = statistics.rejectionLog();
		this.connectionCounter = new ConnectionCountingHandler(statistics);
		this.connectionLimit = (limits.maxConcurrentConnections() != null)
				? new ConnectionLimitHandler(limits.maxConcurrentConnections(), this.rejections) : null;
	}

	/**
	 * Configure an endpoint's server.
	 * @param server the server
	 * @param endpoint the endpoint's name, the {@code endpoint} tag of its meters
	 * @return the server with the limits applied
	 */
	public HttpServer apply(HttpServer server, String endpoint) {
		KestrelLimits.Http2 http2 = this.limits.http2();
		HttpServer configured = server
			.httpRequestDecoder((spec) -> spec.maxInitialLineLength(this.limits.maxRequestLineSize())
				.maxHeaderSize(this.limits.maxRequestHeadersTotalSize()))
			.http2Settings((settings) -> settings.maxConcurrentStreams(http2.maxStreamsPerConnection())
				.headerTableSize(http2.headerTableSize())
				.maxFrameSize(http2.maxFrameSize())
				.maxHeaderListSize(http2.maxRequestHeaderFieldSize())
				.initialWindowSize(http2.initialStreamWindowSize()))
			.doOnChannelInit((observer, channel, remoteAddress) -> {
				channel.attr(ConnectionEnd.ENDPOINT).set(endpoint);
				configure(channel.pipeline());
			});
		if (this.limits.keepAliveTimeout() != null) {
			configured = configured.idleTimeout(this.limits.keepAliveTimeout());
		}
		return configured;
	}

	/**
	 * Configure an endpoint's HTTP/3 (QUIC) server: its connections are counted and limited with
	 * the TCP ones and tagged {@code HTTP/3}, each request stream must hand over its request within
	 * {@code request-headers-timeout} ({@link Http3RequestHeadersTimeout}), and each request is held
	 * to the header count, the header section's size and the body size ({@link Http3RequestLimits}).
	 * @param server the server
	 * @param endpoint the endpoint's name
	 * @param handler the request handler
	 * @return the server with the limits and the handler
	 */
	public HttpServer applyHttp3(HttpServer server, String endpoint,
			BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
		Duration headersTimeout = this.limits.requestHeadersTimeout();
		Http3RequestHeadersTimeout streamTimer = (headersTimeout != null)
				? new Http3RequestHeadersTimeout(headersTimeout, this.rejections) : null;
		return server.doOnChannelInit((observer, channel, remoteAddress) -> {
			// A QUIC connection: its streams come from Netty's HTTP/3 handler, before which these stand.
			channel.attr(ConnectionEnd.ENDPOINT).set(endpoint);
			ConnectionEnd.protocol(channel, HTTP_3);
			channel.pipeline().addFirst(ConnectionCountingHandler.NAME, this.connectionCounter);
			if (this.connectionLimit != null) {
				channel.pipeline().addFirst(ConnectionLimitHandler.NAME, this.connectionLimit);
			}
			if (streamTimer != null) {
				channel.pipeline().addLast(Http3RequestHeadersTimeout.NAME, streamTimer);
			}
		}).handle(Http3RequestLimits.around(handler, this.limits, this.rejections));
	}

	private void configure(ChannelPipeline pipeline) {
		pipeline.addFirst(ConnectionCountingHandler.NAME, this.connectionCounter);
		if (this.connectionLimit != null) {
			pipeline.addFirst(ConnectionLimitHandler.NAME, this.connectionLimit);
		}
		ChannelHandlerContext tls = pipeline.context(SslHandler.class);
		if (tls == null) {
			// With SNI, Netty's SniHandler stands where the SslHandler will be once the client has named a host.
			tls = pipeline.context(AbstractSniHandler.class);
		}
		if (tls != null) {
			pipeline.addAfter(tls.name(), TlsHandshakeTimer.NAME, new TlsHandshakeTimer(this.statistics));
		}
		if (!configureProtocol(pipeline)) {
			ChannelHandlerContext alpn = pipeline.context(ApplicationProtocolNegotiationHandler.class);
			if (alpn != null) {
				// TLS with ALPN: the HTTP/1.1 or HTTP/2 handlers exist once the handshake has chosen.
				pipeline.addAfter(alpn.name(), AFTER_ALPN, new ChannelInboundHandlerAdapter() {

					@Override
					public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
						if (event instanceof SslHandshakeCompletionEvent handshake && handshake.isSuccess()) {
							ctx.pipeline().remove(this);
							configureProtocol(ctx.pipeline());
						}
						super.userEventTriggered(ctx, event);
					}

				});
			}
		}
	}

	private boolean configureHttp2(ChannelPipeline pipeline) {
		if (pipeline.get(NettyPipeline.H2MultiplexHandler) == null || pipeline.get(Http2StreamLimits.NAME) != null) {
			return false;
		}
		pipeline.addBefore(NettyPipeline.H2MultiplexHandler, Http2StreamLimits.NAME,
				new Http2StreamLimits(this.limits, this.rejections));
		ConnectionEnd.protocol(pipeline.channel(), HTTP_2);
		return true;
	}

	/**
	 * Install the protocol's handlers.
	 * @return whether the pipeline had an HTTP/1.1 or HTTP/2 codec to install them at
	 */
	private boolean configureProtocol(ChannelPipeline pipeline) {
		boolean configured = configureHttp2(pipeline);
		ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
		if (codec != null) {
			Http1RequestLimits requestLimits = new Http1RequestLimits(this.limits, this.statistics,
					this.connectionLimit);
			pipeline.addBefore(codec.name(), Http1RequestLimits.BYTES, requestLimits.requestStart());
			pipeline.addAfter(codec.name(), Http1RequestLimits.MESSAGES, requestLimits.requestLimits());
			if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
				pipeline.addBefore(NettyPipeline.HttpTrafficHandler, PipelinedRequests.NAME, new PipelinedRequests());
			}
			ConnectionEnd.protocol(pipeline.channel(), HTTP_1_1);
			if (pipeline.get(NettyPipeline.ReactiveBridge) != null) {
				pipeline.addBefore(NettyPipeline.ReactiveBridge, LateEvents.NAME, this.lateEvents);
				pipeline.addBefore(NettyPipeline.ReactiveBridge, Http1RequestLimits.DISPATCH,
						requestLimits.requestDispatch());
			}
			else {
				// Before whatever handles the requests, which comes after.
				pipeline.addLast(Http1RequestLimits.DISPATCH, requestLimits.requestDispatch());
			}
			configured = true;
		}
		return configured;
	}

	/**
	 * Hears what happens to an HTTP/1.1 connection after it is set up, standing last, before
	 * Reactor Netty's bridge: the idle event that Reactor Netty's idle handler fires as it closes
	 * the connection for the keep-alive timeout (that handler is installed late, behind the codec),
	 * and the switch to h2c (prior knowledge or {@code Upgrade}), after which the HTTP/2 stream
	 * limits are installed.
	 */
	@Sharable
	private final class LateEvents extends ChannelInboundHandlerAdapter {

		static final String NAME = "kestrel.lateEvents";

		@Override
		public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
			if (event instanceof IdleStateEvent) {
				ConnectionEnd.record(ctx.channel(), ConnectionEnd.KEEP_ALIVE_TIMEOUT);
			}
			else if (event instanceof CleartextHttp2ServerUpgradeHandler.PriorKnowledgeUpgradeEvent
					|| event instanceof HttpServerUpgradeHandler.UpgradeEvent) {
				configureHttp2(ctx.pipeline());
			}
			super.userEventTriggered(ctx, event);
		}

	}

}

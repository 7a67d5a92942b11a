package io.github.serverimpl.kestrel.limits;

import java.util.function.BiFunction;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.web.server.PayloadTooLargeException;

/**
 * {@code max-request-body-size} on an HTTP/3 request stream. A {@code Content-Length} above the
 * limit is answered 413 before the application runs; a body that passes the limit as it arrives
 * fails the application's read of it, which Kestrel's handler answers with 413 while the response
 * has not started, and what comes after is dropped. The application may change the request's limit
 * through {@code MaxRequestBodySizeFeature} until its body passes it ({@code @RequestSizeLimit}).
 *
 * <p>Reactor Netty sets up an HTTP/3 stream's pipeline itself, with no hook before the request
 * reaches the handler, so the check is installed there, on the event loop, before the body's
 * frames that follow the headers are read.
 */
final class Http3RequestLimits extends ChannelInboundHandlerAdapter {

	static final String NAME = "kestrel.h3RequestLimits";

	private final RequestBodyLimits body;

	private final RejectionLog rejections;

	private long received;

	private boolean refused;

	private Http3RequestLimits(RequestBodyLimits body, RejectionLog rejections) {
		this.body = body;
		this.rejections = rejections;
	}

	/**
	 * Wrap the handler of an endpoint's HTTP/3 listener so that each request gets its limits.
	 * @param handler the handler
	 * @param maxRequestBodySize {@code max-request-body-size}, or {@code null} for none
	 * @param rejections where rejections are logged and counted
	 * @return the handler with the limits
	 */
	static BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> around(
			BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, @Nullable Long maxRequestBodySize,
			RejectionLog rejections) {
		return (request, response) -> {
			long length = contentLength(request);
			if (maxRequestBodySize != null && length > maxRequestBodySize) {
				rejections.reject(RejectionReason.REQUEST_BODY_TOO_LARGE, maxRequestBodySize, request.remoteAddress());
				return response.status(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE).send();
			}
			RequestBodyLimits body = new RequestBodyLimits(maxRequestBodySize, null, true);
			request.withConnection((connection) -> {
				Channel stream = connection.channel();
				stream.attr(RequestBodyLimits.KEY).set(body);
				if (stream.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
					stream.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, NAME,
							new Http3RequestLimits(body, rejections));
				}
			});
			return handler.apply(request, response);
		};
	}

	private static long contentLength(HttpServerRequest request) {
		String value = request.requestHeaders().get(HttpHeaderNames.CONTENT_LENGTH);
		try {
			return (value != null) ? Long.parseLong(value.trim()) : -1;
		}
		catch (NumberFormatException ex) {
			// Netty's HTTP/3 codec validates the header; an unreadable one is not ours to judge.
			return -1;
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof HttpContent content)) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (this.refused) {
			ReferenceCountUtil.release(msg);
			return;
		}
		this.received += content.content().readableBytes();
		Long max = this.body.getMaxRequestBodySize();
		if (max == null || this.received <= max || this.body.isSizeCheckedByReader()) {
			ctx.fireChannelRead(msg);
			return;
		}
		this.refused = true;
		ReferenceCountUtil.release(msg);
		Channel connection = ctx.channel().parent();
		this.rejections.reject(RejectionReason.REQUEST_BODY_TOO_LARGE, max,
				(connection instanceof QuicChannel quic) ? quic.remoteSocketAddress() : null);
		ctx.fireExceptionCaught(new PayloadTooLargeException(new IllegalStateException(
				"Request body larger than " + RejectionReason.REQUEST_BODY_TOO_LARGE.property() + "=" + max)));
	}

}

package io.github.serverimpl.kestrel.limits;

import java.util.Map;
import java.util.Objects;
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
 * Kestrel's request limits on an HTTP/3 request stream.
 * <ul>
 * <li>A header section with more fields than {@code max-request-header-count}, or larger than
 * {@code http3.max-request-header-field-size} (or {@code max-request-headers-total-size}, if
 * lower) as RFC 9114 counts it (each field's name and value and 32 bytes), is answered 431 before
 * the application runs.</li>
 * <li>{@code max-request-body-size}: a {@code Content-Length} above the limit is answered 413
 * before the application runs; a body that passes the limit as it arrives fails the application's
 * read of it, which Kestrel's handler answers with 413 while the response has not started, and
 * what comes after is dropped. The application may change the request's limit through
 * {@code MaxRequestBodySizeFeature} until its body passes it ({@code @RequestSizeLimit}).</li>
 * </ul>
 *
 * <p>Reactor Netty sets up an HTTP/3 stream's pipeline itself, with no hook before the request
 * reaches the handler, so the check is installed there, on the event loop, before the body's
 * frames that follow the headers are read.
 */
final class Http3RequestLimits extends ChannelInboundHandlerAdapter {

	static final String NAME = "kestrel.h3RequestLimits";

	/** What RFC 9114 section 4.2.2 adds to each field's name and value in a field section's size. */
	private static final int FIELD_OVERHEAD = 32;

	/** Headers Netty's HTTP/3 conversion adds (the stream id, the scheme): not the client's. */
	private static final String NETTY_EXTENSION_HEADERS = "x-http3-";

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
	 * @param limits the limits
	 * @param rejections where rejections are logged and counted
	 * @return the handler with the limits
	 */
	static BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> around(
			BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, KestrelLimits limits,
			RejectionLog rejections) {
		return (request, response) -> {
			request.withConnection((connection) -> Http3RequestHeadersTimeout.requestArrived(connection.channel()));
			RejectionReason refused = refusal(request, limits);
			if (refused != null) {
				rejections.reject(refused, limit(refused, limits), request.remoteAddress());
				return response.status(Objects.requireNonNull(refused.status())).send();
			}
			RequestBodyLimits body = new RequestBodyLimits(limits.maxRequestBodySize(), null, true);
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

	private static @Nullable RejectionReason refusal(HttpServerRequest request, KestrelLimits limits) {
		int count = 0;
		// The pseudo-header fields: :method, :scheme, :authority and :path.
		long size = request.method().name().length() + request.uri().length() + 4 * FIELD_OVERHEAD;
		for (Map.Entry<String, String> header : request.requestHeaders()) {
			if (header.getKey().startsWith(NETTY_EXTENSION_HEADERS)) {
				continue;
			}
			count++;
			size += header.getKey().length() + header.getValue().length() + FIELD_OVERHEAD;
		}
		if (count > limits.maxRequestHeaderCount()) {
			return RejectionReason.TOO_MANY_HEADERS;
		}
		if (size > limits.maxHttp3HeaderSection()) {
			return RejectionReason.REQUEST_HEADERS_TOO_LARGE;
		}
		Long maxBody = limits.maxRequestBodySize();
		return (maxBody != null && contentLength(request) > maxBody) ? RejectionReason.REQUEST_BODY_TOO_LARGE : null;
	}

	private static Object limit(RejectionReason reason, KestrelLimits limits) {
		return switch (reason) {
			case TOO_MANY_HEADERS -> limits.maxRequestHeaderCount();
			case REQUEST_HEADERS_TOO_LARGE -> limits.maxHttp3HeaderSection();
			default -> String.valueOf(limits.maxRequestBodySize());
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

package io.github.serverimpl.kestrel.limits;

import java.util.HashSet;
import java.util.Set;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Request checks of RFC 9113 that Netty's HTTP/2 codec leaves out: a request's HEADERS must carry
 * {@code :method}, {@code :scheme} and a non-empty {@code :path} (only {@code :method} and
 * {@code :authority} for CONNECT), section 8.3.1; trailers must end the stream and carry no
 * pseudo-header, section 8.1. A malformed request is refused with
 * {@code RST_STREAM(PROTOCOL_ERROR)} and the rest of its stream is dropped. Sits between the frame
 * codec and the stream multiplexer of an h2c connection; frames on closed streams never get here
 * (Netty's connection handler answers them).
 */
final class Http2RequestValidator extends ChannelInboundHandlerAdapter {

	static final String NAME = "kestrel.h2RequestValidator";

	private final Set<Integer> started = new HashSet<>();

	private final Set<Integer> refused = new HashSet<>();

	private final RejectionLog rejections;

	Http2RequestValidator(RejectionLog rejections) {
		this.rejections = rejections;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof Http2StreamFrame frame && frame.stream() != null) {
			int id = frame.stream().id();
			boolean endStream = (msg instanceof Http2HeadersFrame headers && headers.isEndStream())
					|| (msg instanceof Http2DataFrame data && data.isEndStream());
			if (this.refused.contains(id)) {
				if (endStream) {
					this.refused.remove(id);
				}
				ReferenceCountUtil.release(msg);
				return;
			}
			if (msg instanceof Http2HeadersFrame headers && !this.started.contains(id)) {
				// The first HEADERS of a stream is the request's; later ones are trailers.
				if (!isValidRequest(headers.headers())) {
					if (!endStream) {
						this.refused.add(id);
					}
					refuse(ctx, headers, "HTTP/2 request without :method, :scheme or :path");
					ReferenceCountUtil.release(msg);
					return;
				}
				if (!endStream) {
					this.started.add(id);
				}
			}
			else if (msg instanceof Http2HeadersFrame trailers && (!endStream || hasPseudoHeader(trailers.headers()))) {
				// Trailers must end the stream and carry no pseudo-header (RFC 9113 section 8.1).
				this.started.remove(id);
				if (!endStream) {
					this.refused.add(id);
				}
				refuse(ctx, trailers, "HTTP/2 trailers without END_STREAM or with a pseudo-header");
				ReferenceCountUtil.release(msg);
				return;
			}
			else if (endStream) {
				this.started.remove(id);
			}
		}
		ctx.fireChannelRead(msg);
	}

	private void refuse(ChannelHandlerContext ctx, Http2HeadersFrame headers, String problem) {
		this.rejections.reject(RejectionReason.INVALID_REQUEST_TARGET, problem, ctx.channel().remoteAddress());
		ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(headers.stream()));
	}

	private static boolean hasPseudoHeader(Http2Headers headers) {
		for (var header : headers) {
			if (header.getKey().length() > 0 && header.getKey().charAt(0) == ':') {
				return true;
			}
		}
		return false;
	}

	private static boolean isValidRequest(Http2Headers headers) {
		CharSequence method = headers.method();
		if (method == null || method.length() == 0) {
			return false;
		}
		if (HttpMethod.CONNECT.asciiName().contentEquals(method)) {
			return headers.authority() != null;
		}
		CharSequence path = headers.path();
		return headers.scheme() != null && path != null && path.length() > 0;
	}

}

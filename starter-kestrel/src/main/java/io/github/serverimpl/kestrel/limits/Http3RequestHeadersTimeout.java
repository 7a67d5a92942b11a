package io.github.serverimpl.kestrel.limits;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;

/**
 * {@code request-headers-timeout} on HTTP/3: a request stream whose request has not reached the
 * application that long after the client opened it is reset ({@code H3_REQUEST_REJECTED} is not
 * Netty's to send from here; the stream is closed), as a slow header section on HTTP/1.1 gets 408
 * and a closed connection. Stands on each QUIC connection, after Netty's HTTP/3 connection
 * handler, which passes it every stream the client opens; {@link Http3RequestLimits} stops the
 * clock when the request is handed over.
 */
@Sharable
final class Http3RequestHeadersTimeout extends ChannelInboundHandlerAdapter {

	static final String NAME = "kestrel.h3RequestHeadersTimeout";

	private static final AttributeKey<ScheduledFuture<?>> TIMER = AttributeKey.valueOf("kestrel.h3HeadersTimer");

	private final Duration timeout;

	private final RejectionLog rejections;

	Http3RequestHeadersTimeout(Duration timeout, RejectionLog rejections) {
		this.timeout = timeout;
		this.rejections = rejections;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof QuicStreamChannel stream && stream.type() == QuicStreamType.BIDIRECTIONAL
				&& !stream.isLocalCreated()) {
			stream.attr(TIMER).set(ctx.executor().schedule(() -> expire(stream), this.timeout.toNanos(),
					TimeUnit.NANOSECONDS));
			stream.closeFuture().addListener((closed) -> requestArrived(stream));
		}
		ctx.fireChannelRead(msg);
	}

	private void expire(QuicStreamChannel stream) {
		if (stream.isActive()) {
			Channel connection = stream.parent();
			this.rejections.reject(RejectionReason.REQUEST_HEADERS_TIMEOUT, this.timeout,
					(connection instanceof QuicChannel quic) ? quic.remoteSocketAddress() : null);
			stream.close();
		}
	}

	/**
	 * Stop the clock of a request stream: its request has arrived (or the stream is gone).
	 * @param stream the stream
	 */
	static void requestArrived(Channel stream) {
		ScheduledFuture<?> timer = stream.attr(TIMER).getAndSet(null);
		if (timer != null) {
			timer.cancel(false);
		}
	}

}

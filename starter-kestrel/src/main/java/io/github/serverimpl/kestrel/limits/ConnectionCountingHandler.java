package io.github.serverimpl.kestrel.limits;

import java.io.IOException;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;

/**
 * Counts connections and the time each stays open, first in every connection's pipeline (a
 * connection refused by the connection limit is never counted as open), and settles why each one
 * ended: a reason recorded on the way ({@link ConnectionEnd}), else an I/O error, a close by the
 * server, or the client closing it.
 */
@Sharable
final class ConnectionCountingHandler extends ChannelDuplexHandler {

	static final String NAME = "kestrel.connectionCounter";

	private static final AttributeKey<Long> OPENED = AttributeKey.valueOf("kestrel.connectionOpened");

	private static final AttributeKey<Boolean> CLOSED_BY_SERVER = AttributeKey.valueOf("kestrel.closedByServer");

	/** Set on a connection once it has switched protocols (101). */
	static final AttributeKey<Boolean> UPGRADED = AttributeKey.valueOf("kestrel.upgraded");

	private final KestrelStatistics statistics;

	ConnectionCountingHandler(KestrelStatistics statistics) {
		this.statistics = statistics;
	}

	static String endpoint(ChannelHandlerContext ctx) {
		String endpoint = ctx.channel().attr(ConnectionEnd.ENDPOINT).get();
		return (endpoint != null) ? endpoint : "";
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		ctx.channel().attr(OPENED).set(System.nanoTime());
		this.statistics.connectionOpened(endpoint(ctx));
		super.channelActive(ctx);
	}

	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
		if (cause instanceof IOException) {
			ConnectionEnd.record(ctx.channel(), ConnectionEnd.CONNECTION_RESET);
		}
		super.exceptionCaught(ctx, cause);
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
		// Settled when the connection is inactive: whoever closes may say why just after (the idle handler does).
		ctx.channel().attr(CLOSED_BY_SERVER).set(Boolean.TRUE);
		super.close(ctx, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		Long opened = ctx.channel().attr(OPENED).getAndSet(null);
		if (opened != null) {
			String protocol = ctx.channel().attr(ConnectionEnd.PROTOCOL).get();
			ConnectionEnd.record(ctx.channel(), (ctx.channel().attr(CLOSED_BY_SERVER).get() != null)
					? ConnectionEnd.SERVER_CLOSED : ConnectionEnd.CLIENT_CLOSED);
			this.statistics.connectionClosed(endpoint(ctx), (protocol != null) ? protocol : ConnectionEnd.NO_PROTOCOL,
					ctx.channel().attr(ConnectionEnd.REASON).get(), System.nanoTime() - opened);
		}
		if (ctx.channel().attr(UPGRADED).getAndSet(null) != null) {
			this.statistics.upgradedClosed(endpoint(ctx));
		}
		super.channelInactive(ctx);
	}

}

package io.github.serverimpl.kestrel.limits;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;

/**
 * Counts connections and the time each stays open, first in every connection's pipeline (a
 * connection refused by the connection limit is never counted as open).
 */
@Sharable
final class ConnectionCountingHandler extends ChannelInboundHandlerAdapter {

	static final String NAME = "kestrel.connectionCounter";

	private static final AttributeKey<Long> OPENED = AttributeKey.valueOf("kestrel.connectionOpened");

	/** Set on a connection once it has switched protocols (101). */
	static final AttributeKey<Boolean> UPGRADED = AttributeKey.valueOf("kestrel.upgraded");

	private final KestrelStatistics statistics;

	ConnectionCountingHandler(KestrelStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		ctx.channel().attr(OPENED).set(System.nanoTime());
		this.statistics.connectionOpened();
		super.channelActive(ctx);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		Long opened = ctx.channel().attr(OPENED).getAndSet(null);
		if (opened != null) {
			this.statistics.connectionClosed(System.nanoTime() - opened);
		}
		if (ctx.channel().attr(UPGRADED).getAndSet(null) != null) {
			this.statistics.upgradedClosed();
		}
		super.channelInactive(ctx);
	}

}

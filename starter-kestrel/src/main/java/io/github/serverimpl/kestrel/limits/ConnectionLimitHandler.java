package io.github.serverimpl.kestrel.limits;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.AttributeKey;

/**
 * Kestrel's connection-limit middleware: try to acquire a slot when a connection opens; when none
 * is left, close it at once without a response, log and count it; release the slot when the
 * connection closes. One instance counts every endpoint of a server.
 *
 * <p>When the server closes a connection, its slot is released before the close reaches the
 * socket: a client that has seen the server close one connection can open the next one without
 * finding the old one still counted.
 */
@Sharable
final class ConnectionLimitHandler extends ChannelDuplexHandler {

	static final String NAME = "kestrel.connectionLimit";

	private static final AttributeKey<Boolean> ACQUIRED = AttributeKey.valueOf("kestrel.connectionSlot");

	private final long limit;

	private final AtomicLong open = new AtomicLong();

	private final RejectionLog rejections;

	ConnectionLimitHandler(long limit, RejectionLog rejections) {
		this.limit = limit;
		this.rejections = rejections;
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		if (this.open.incrementAndGet() > this.limit) {
			this.open.decrementAndGet();
			this.rejections.reject(RejectionReason.MAX_CONCURRENT_CONNECTIONS, this.limit, ctx.channel().remoteAddress());
			ctx.close();
			return;
		}
		ctx.channel().attr(ACQUIRED).set(Boolean.TRUE);
		super.channelActive(ctx);
	}

	@Override
	public void close(ChannelHandlerContext ctx, ChannelPromise promise) throws Exception {
		release(ctx.channel());
		super.close(ctx, promise);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) throws Exception {
		release(ctx.channel());
		super.channelInactive(ctx);
	}

	/**
	 * Give back the slot of a connection that has upgraded: it counts against the upgraded limit
	 * from now on.
	 */
	void upgraded(Channel channel) {
		release(channel);
	}

	private void release(Channel channel) {
		if (channel.attr(ACQUIRED).getAndSet(null) != null) {
			this.open.decrementAndGet();
		}
	}

}

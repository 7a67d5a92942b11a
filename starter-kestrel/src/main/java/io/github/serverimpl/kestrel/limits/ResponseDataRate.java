package io.github.serverimpl.kestrel.limits;

import io.github.serverimpl.features.MinDataRate;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;

/**
 * Kestrel's {@code MinResponseDataRate} on one HTTP/1.1 connection: once the grace period is over,
 * a second in which the server waited to write the whole time and the client took less than the
 * minimum rate means the connection is aborted. Checked by the connection's heartbeat.
 */
final class ResponseDataRate {

	private final MinDataRate rate;

	/** When the response being written started, 0 while none is. */
	private long startNanos;

	/** Bytes handed to the codec for writing, over the connection's life. */
	private long bytesWritten;

	private long sentAtLastCheck;

	private boolean waitingAtLastCheck;

	ResponseDataRate(MinDataRate rate) {
		this.rate = rate;
	}

	MinDataRate rate() {
		return this.rate;
	}

	void written(long bytes) {
		this.bytesWritten += bytes;
	}

	void started(ChannelHandlerContext ctx) {
		this.startNanos = System.nanoTime();
		this.sentAtLastCheck = this.bytesWritten - pendingBytes(ctx);
		this.waitingAtLastCheck = false;
	}

	void ended() {
		this.startNanos = 0;
	}

	boolean isTiming() {
		return this.startNanos != 0;
	}

	/**
	 * Check the last second; a response found too slow stops being timed.
	 * @return whether the client took the response slower than the minimum rate
	 */
	boolean tooSlow(ChannelHandlerContext ctx, long now) {
		long pending = pendingBytes(ctx);
		boolean waiting = pending > 0;
		long sent = this.bytesWritten - pending;
		boolean pastGrace = now - this.startNanos > this.rate.gracePeriod().toNanos();
		if (pastGrace && waiting && this.waitingAtLastCheck && sent - this.sentAtLastCheck < this.rate.bytesPerSecond()) {
			this.startNanos = 0;
			return true;
		}
		this.sentAtLastCheck = sent;
		this.waitingAtLastCheck = waiting;
		return false;
	}

	/**
	 * Close with a reset, as Kestrel aborts a connection: with {@code SO_LINGER} 0 the kernel drops
	 * what it still holds to send instead of trickling it out to a client that does not read.
	 * (Unix domain sockets have no linger option; they are closed.)
	 */
	static void abort(Channel channel) {
		channel.config().setOption(ChannelOption.SO_LINGER, 0);
		channel.close();
	}

	private static long pendingBytes(ChannelHandlerContext ctx) {
		ChannelOutboundBuffer outbound = ctx.channel().unsafe().outboundBuffer();
		return (outbound != null) ? outbound.totalPendingWriteBytes() : 0;
	}

}

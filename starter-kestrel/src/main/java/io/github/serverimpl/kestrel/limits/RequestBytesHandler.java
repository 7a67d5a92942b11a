package io.github.serverimpl.kestrel.limits;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import org.jspecify.annotations.Nullable;

/**
 * Stands before Netty's HTTP/1.1 codec: it sees the first byte of each request (the
 * request-headers timeout runs from there), gives the codec only header sections that keep to
 * {@link RequestSyntax}'s rules, and holds back what a client sends after an upgrade request until
 * that request is answered. After a {@code 101} the held bytes go to the new protocol's decoder
 * (a WebSocket frame that came in the same packet as the handshake reaches the WebSocket decoder,
 * instead of being left in the HTTP codec); after any other answer they are read as the next
 * requests.
 */
final class RequestBytesHandler extends ChannelInboundHandlerAdapter {

	private final Http1RequestLimits limits;

	private final RequestSyntax syntax = new RequestSyntax();

	/** At most this much is held after an upgrade request: a client must wait for the answer. */
	private final int maxHeld;

	private @Nullable CompositeByteBuf held;

	private @Nullable ChannelHandlerContext context;

	RequestBytesHandler(Http1RequestLimits limits, int maxHeld) {
		this.limits = limits;
		this.maxHeld = maxHeld;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		releaseHeld();
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!(msg instanceof ByteBuf bytes)) {
			ctx.fireChannelRead(msg);
			return;
		}
		if (bytes.isReadable() && this.limits.isIdle()) {
			// The first bytes of a request: looked at once per request, not on every read.
			if (ctx.pipeline().get(HttpServerCodec.class) == null && this.held == null) {
				// Upgraded to h2c with prior knowledge: HTTP/1.1 no longer applies here.
				ctx.pipeline().remove(this);
				ctx.fireChannelRead(msg);
				return;
			}
			this.limits.requestStarted(ctx);
		}
		received(ctx, bytes);
	}

	private void received(ChannelHandlerContext ctx, ByteBuf bytes) {
		if (this.held != null) {
			hold(ctx, bytes);
			return;
		}
		if (this.syntax.isOff()) {
			ctx.fireChannelRead(bytes);
			return;
		}
		int from = bytes.readerIndex();
		int stop = this.syntax.scan(bytes, from, bytes.writerIndex());
		if (stop == bytes.writerIndex() && this.syntax.violation() == null) {
			// The common case: the whole read goes on as it came.
			ctx.fireChannelRead(bytes);
			this.syntax.requestNotDecoded();
			return;
		}
		try {
			int index = from;
			while (true) {
				if (stop > index) {
					ctx.fireChannelRead(bytes.retainedSlice(index, stop - index));
				}
				RejectionReason violation = this.syntax.violation();
				if (violation != null) {
					// The requests before it go on; it and what follows it are dropped.
					this.limits.syntaxViolated(ctx, violation, this.syntax.violationDetail());
					return;
				}
				this.syntax.requestNotDecoded();
				index = stop;
				if (index == bytes.writerIndex() || ctx.isRemoved()) {
					return;
				}
				if (this.syntax.isHolding() || this.syntax.isOff()) {
					ByteBuf rest = bytes.retainedSlice(index, bytes.writerIndex() - index);
					if (this.syntax.isHolding()) {
						hold(ctx, rest);
					}
					else {
						ctx.fireChannelRead(rest);
					}
					return;
				}
				stop = this.syntax.scan(bytes, index, bytes.writerIndex());
			}
		}
		finally {
			bytes.release();
		}
	}

	private void hold(ChannelHandlerContext ctx, ByteBuf bytes) {
		if (this.limits.isRejected()) {
			bytes.release();
			return;
		}
		CompositeByteBuf held = this.held;
		if (held == null) {
			held = ctx.alloc().compositeBuffer();
			this.held = held;
		}
		held.addComponent(true, bytes);
		if (held.readableBytes() > this.maxHeld) {
			releaseHeld();
			this.syntax.off();
			this.limits.tooMuchBeforeUpgradeAnswer(ctx, this.maxHeld);
		}
	}

	/**
	 * The codec produced a request, or failed to.
	 * @param request the request
	 */
	void requestDecoded(HttpRequest request) {
		this.syntax.requestDecoded(request);
	}

	/**
	 * The last request before the held bytes was answered.
	 * @param switched whether the answer was {@code 101}: once the codec has made way for the new
	 * protocol, the held bytes go to it; otherwise they are read as HTTP/1.1
	 */
	void upgradeAnswered(boolean switched) {
		ChannelHandlerContext ctx = this.context;
		if (ctx == null || !(this.syntax.isHolding() || this.held != null)) {
			if (switched) {
				this.syntax.off();
			}
			return;
		}
		if (switched) {
			// The codec leaves the pipeline as the 101's write completes: after that, in a task of its own.
			ctx.executor().execute(() -> {
				this.syntax.off();
				forwardHeld(ctx);
			});
			return;
		}
		this.syntax.upgradeDeclined();
		forwardHeld(ctx);
	}

	private void forwardHeld(ChannelHandlerContext ctx) {
		ByteBuf held = this.held;
		this.held = null;
		if (held != null && !ctx.isRemoved()) {
			received(ctx, held);
			// A read of its own, outside the channel's read loop: it ends as reads do (Netty's
			// FlushConsolidationHandler, for one, holds flushes back until a read completes).
			ctx.fireChannelReadComplete();
		}
		else if (held != null) {
			held.release();
		}
	}

	/** The connection is refused or switched protocols: its bytes are no longer read as HTTP/1.1. */
	void off() {
		this.syntax.off();
	}

	boolean isHolding() {
		return this.syntax.isHolding() || this.held != null;
	}

	private void releaseHeld() {
		CompositeByteBuf held = this.held;
		this.held = null;
		if (held != null) {
			held.release();
		}
	}

}

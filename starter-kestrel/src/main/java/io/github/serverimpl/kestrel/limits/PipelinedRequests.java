package io.github.serverimpl.kestrel.limits;

import java.util.ArrayDeque;
import java.util.Deque;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * HTTP/1.1 pipelining, one request at a time: a request that arrives while the one before it is
 * still being answered waits here, with its body, and the connection reads no more until Reactor
 * Netty is done with the one before. Reactor Netty then only ever sees one request at a time.
 * <p>
 * Reactor Netty queues such requests itself, but whether it keeps serving the connection follows
 * the last request it received: when that one says {@code Connection: close} while the response
 * to an earlier one is still being written, the requests in between are never answered and the
 * connection hangs. On epoll and NIO the response's write has completed by then, even for a
 * megabyte, so it does not show; io_uring completes writes later, and shows it every time.
 * <p>
 * A request is done when Reactor Netty fires its {@code HttpServerOperationsTerminatedEvent}, the
 * event its own queue waits for. That class is package-private, so it is matched by name (Reactor
 * Netty 1.3.7); {@code KestrelLimitsTests} proves the seam with pipelined requests on every
 * transport.
 */
final class PipelinedRequests extends ChannelDuplexHandler {

	static final String NAME = "kestrel.pipelinedRequests";

	private static final String REQUEST_DONE = "reactor.netty.http.server.HttpServerOperationsTerminatedEvent";

	private final Deque<Object> held = new ArrayDeque<>();

	private boolean inFlight;

	private boolean readWanted;

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (msg instanceof HttpRequest) {
			if (this.inFlight || !this.held.isEmpty()) {
				this.held.add(msg);
				return;
			}
			this.inFlight = true;
		}
		else if (!this.held.isEmpty()) {
			// The body of a request that waits.
			this.held.add(msg);
			return;
		}
		ctx.fireChannelRead(msg);
	}

	@Override
	public void read(ChannelHandlerContext ctx) {
		if (!this.held.isEmpty()) {
			this.readWanted = true;
			return;
		}
		ctx.read();
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
		ctx.fireUserEventTriggered(evt);
		if (evt.getClass().getName().equals(REQUEST_DONE)) {
			this.inFlight = false;
			if (!this.held.isEmpty()) {
				// After Reactor Netty has finished ending the request, which it is doing now.
				ctx.executor().execute(() -> next(ctx));
			}
		}
	}

	/**
	 * Hand over the next request that waits, with as much of its body as arrived.
	 */
	private void next(ChannelHandlerContext ctx) {
		if (this.inFlight || ctx.isRemoved() || !ctx.channel().isActive()) {
			return;
		}
		Object msg;
		while ((msg = this.held.peek()) != null) {
			if (msg instanceof HttpRequest) {
				if (this.inFlight) {
					break;
				}
				this.inFlight = true;
			}
			ctx.fireChannelRead(this.held.poll());
		}
		ctx.fireChannelReadComplete();
		if (this.held.isEmpty() && this.readWanted) {
			this.readWanted = false;
			ctx.read();
		}
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		discard();
		ctx.fireChannelInactive();
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		discard();
	}

	private void discard() {
		Object msg;
		while ((msg = this.held.poll()) != null) {
			ReferenceCountUtil.release(msg);
		}
	}

}

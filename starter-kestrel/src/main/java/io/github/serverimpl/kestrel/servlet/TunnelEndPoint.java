package io.github.serverimpl.kestrel.servlet;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.ReferenceCountUtil;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.thread.Scheduler;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty end point of one request: until the request upgrades the connection it carries no
 * bytes (the request and response travel through Kestrel's Netty pipeline and the request's
 * {@link ServletStream}); once Jetty's WebSocket (or another protocol Jetty speaks) takes the
 * connection over, it is a byte pipe to the Netty channel, which Kestrel has stripped of its HTTP
 * codec.
 *
 * <p>Jetty fills and flushes on its own threads. Bytes read from the socket wait here, and the
 * socket is not read further while more than {@link #PAUSE_READING_ABOVE} bytes wait; a flush
 * while the channel is not writable is left incomplete until it is, so a slow peer slows the
 * writer rather than filling memory.
 */
final class TunnelEndPoint extends AbstractEndPoint {

	/** Bytes read and not yet filled above which the socket is not read. */
	static final int PAUSE_READING_ABOVE = 64 * 1024;

	private final ServletConnectionMetaData metaData;

	private final Executor executor;

	// Guarded by this.

	private final ArrayDeque<ByteBuf> received = new ArrayDeque<>();

	private int receivedBytes;

	private boolean inputEnded;

	private boolean fillInterested;

	private boolean flushIncomplete;

	private boolean closed;

	/** Where the HTTP codec stood, once the connection is switched. */
	private volatile @Nullable ChannelHandlerContext context;

	TunnelEndPoint(ServletConnectionMetaData metaData, Scheduler scheduler, Executor executor) {
		super(scheduler);
		this.metaData = metaData;
		this.executor = executor;
	}

	/**
	 * Return the handler that connects the end point to a channel that Kestrel switches away
	 * from HTTP, handing it the channel's bytes and events once it stands where the codec stood.
	 * @return the handler
	 */
	ChannelInboundHandlerAdapter connect() {
		return new Bytes();
	}

	private @Nullable Channel channel() {
		ChannelHandlerContext connected = this.context;
		return (connected != null) ? connected.channel() : null;
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.metaData.getLocalSocketAddress();
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.metaData.getRemoteSocketAddress();
	}

	@Override
	public boolean isSecure() {
		return this.metaData.isSecure();
	}

	@Override
	public Object getTransport() {
		Channel connected = channel();
		return (connected != null) ? connected : this.metaData;
	}

	@Override
	public int fill(ByteBuffer buffer) throws IOException {
		int filled = 0;
		boolean ended;
		boolean resume = false;
		synchronized (this) {
			int position = BufferUtil.flipToFill(buffer);
			try {
				while (buffer.hasRemaining() && !this.received.isEmpty()) {
					ByteBuf head = this.received.peek();
					int length = Math.min(buffer.remaining(), head.readableBytes());
					int limit = buffer.limit();
					buffer.limit(buffer.position() + length);
					head.readBytes(buffer);
					buffer.limit(limit);
					filled += length;
					if (!head.isReadable()) {
						this.received.poll().release();
					}
				}
			}
			finally {
				BufferUtil.flipToFlush(buffer, position);
			}
			if (filled > 0) {
				resume = this.receivedBytes > PAUSE_READING_ABOVE && this.receivedBytes - filled <= PAUSE_READING_ABOVE;
				this.receivedBytes -= filled;
			}
			ended = this.inputEnded && this.received.isEmpty();
		}
		if (resume) {
			Channel connected = channel();
			if (connected != null) {
				connected.config().setAutoRead(true);
			}
		}
		if (filled > 0) {
			notIdle();
			return filled;
		}
		if (ended) {
			shutdownInput();
			return -1;
		}
		return 0;
	}

	@Override
	protected void needsFillInterest() {
		boolean fillable;
		synchronized (this) {
			fillable = !this.received.isEmpty() || this.inputEnded;
			this.fillInterested = !fillable;
		}
		if (fillable) {
			// Not inline: Jetty's callback fills and may ask again, which would recurse.
			this.executor.execute(getFillInterest()::fillable);
		}
	}

	@Override
	public boolean flush(ByteBuffer... buffers) throws IOException {
		ChannelHandlerContext context = this.context;
		Channel connected = (context != null) ? context.channel() : null;
		if (connected == null || !connected.isActive()) {
			throw new IOException("The connection is closed");
		}
		int length = 0;
		for (ByteBuffer buffer : buffers) {
			length += (buffer != null) ? buffer.remaining() : 0;
		}
		if (length == 0) {
			return true;
		}
		if (!connected.isWritable()) {
			return false;
		}
		// A copy: Jetty takes its buffers back once the flush returns.
		ByteBuf out = connected.alloc().buffer(length);
		for (ByteBuffer buffer : buffers) {
			if (buffer != null) {
				out.writeBytes(buffer);
			}
		}
		// From where the codec stood: the HTTP handlers behind it would take bytes for a response.
		context.writeAndFlush(out, context.voidPromise());
		notIdle();
		return true;
	}

	@Override
	protected void onIncompleteFlush() {
		Channel connected = channel();
		boolean writable;
		synchronized (this) {
			writable = connected == null || !connected.isActive() || connected.isWritable();
			this.flushIncomplete = !writable;
		}
		if (writable) {
			this.executor.execute(getWriteFlusher()::completeWrite);
		}
	}

	@Override
	protected void doShutdownOutput() {
		Channel connected = channel();
		if (connected instanceof DuplexChannel duplex && connected.isActive()) {
			duplex.shutdownOutput();
		}
		else if (connected != null) {
			connected.close();
		}
	}

	@Override
	protected void doClose() {
		Channel connected = channel();
		if (connected != null) {
			connected.close();
		}
		synchronized (this) {
			this.closed = true;
			this.received.forEach(ByteBuf::release);
			this.received.clear();
			this.receivedBytes = 0;
		}
	}

	/** The channel's side: bytes in, the end of input, writability. */
	private final class Bytes extends ChannelInboundHandlerAdapter {

		@Override
		public void handlerAdded(ChannelHandlerContext ctx) {
			TunnelEndPoint.this.context = ctx;
			// Reactor Netty may have stopped reading once the request was in.
			ctx.channel().config().setAutoRead(true);
			ctx.read();
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (!(msg instanceof ByteBuf bytes) || !bytes.isReadable()) {
				ReferenceCountUtil.release(msg);
				return;
			}
			boolean wake;
			synchronized (TunnelEndPoint.this) {
				if (TunnelEndPoint.this.closed) {
					bytes.release();
					return;
				}
				TunnelEndPoint.this.received.add(bytes);
				TunnelEndPoint.this.receivedBytes += bytes.readableBytes();
				if (TunnelEndPoint.this.receivedBytes > PAUSE_READING_ABOVE) {
					ctx.channel().config().setAutoRead(false);
				}
				wake = TunnelEndPoint.this.fillInterested;
				TunnelEndPoint.this.fillInterested = false;
			}
			if (wake) {
				TunnelEndPoint.this.executor.execute(getFillInterest()::fillable);
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			boolean wake;
			synchronized (TunnelEndPoint.this) {
				TunnelEndPoint.this.inputEnded = true;
				wake = TunnelEndPoint.this.fillInterested;
				TunnelEndPoint.this.fillInterested = false;
			}
			if (wake) {
				// What is left is filled, then the end of input, which Jetty answers by closing.
				TunnelEndPoint.this.executor.execute(getFillInterest()::fillable);
			}
			ctx.fireChannelInactive();
		}

		@Override
		public void channelWritabilityChanged(ChannelHandlerContext ctx) {
			boolean complete;
			synchronized (TunnelEndPoint.this) {
				complete = TunnelEndPoint.this.flushIncomplete && ctx.channel().isWritable();
				if (complete) {
					TunnelEndPoint.this.flushIncomplete = false;
				}
			}
			if (complete) {
				TunnelEndPoint.this.executor.execute(getWriteFlusher()::completeWrite);
			}
			ctx.fireChannelWritabilityChanged();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			TunnelEndPoint.this.executor.execute(() -> close(cause));
		}

	}

}

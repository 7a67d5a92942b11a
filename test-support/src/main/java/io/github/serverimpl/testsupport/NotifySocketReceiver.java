package io.github.serverimpl.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;

/**
 * The service manager's side of {@code NOTIFY_SOCKET}: a Unix datagram socket that keeps what
 * it receives.
 */
public final class NotifySocketReceiver implements AutoCloseable {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());

	private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

	/**
	 * Bind a receiver.
	 * @param path the socket path, or {@code \0name} for an abstract socket
	 */
	public NotifySocketReceiver(String path) {
		new Bootstrap().group(this.group)
			.channel(EpollDomainDatagramChannel.class)
			.handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
				@Override
				protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
					NotifySocketReceiver.this.received.add(packet.content().toString(StandardCharsets.UTF_8));
				}
			})
			.bind(new DomainSocketAddress(path))
			.syncUninterruptibly();
	}

	/**
	 * Take the next notification.
	 * @return its text
	 * @throws AssertionError if none comes within 10 seconds
	 */
	public String next() throws InterruptedException {
		String message = this.received.poll(10, TimeUnit.SECONDS);
		if (message == null) {
			throw new AssertionError("No notification within 10 s");
		}
		return message;
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

}

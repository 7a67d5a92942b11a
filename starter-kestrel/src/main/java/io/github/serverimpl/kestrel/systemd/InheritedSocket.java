package io.github.serverimpl.kestrel.systemd;

import java.net.SocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import org.jspecify.annotations.Nullable;

/**
 * A listening socket the service manager passed to this process: descriptor {@code fd}, named by
 * the socket unit's {@code FileDescriptorName=} (systemd names it after the unit when the unit
 * does not).
 *
 * @param fd the file descriptor, 3 or more
 * @param name the name from {@code LISTEN_FDNAMES}, or {@code null} when none was passed
 */
public record InheritedSocket(int fd, @Nullable String name) {

	/**
	 * Return whether this socket answers to an endpoint URL's socket name.
	 * @param wanted the name in {@code http://systemd:<name>}, or {@code null} for every socket
	 * @return whether the endpoint serves this socket
	 */
	public boolean matches(@Nullable String wanted) {
		return wanted == null || wanted.equals(this.name);
	}

	/**
	 * Return whether this is a Unix domain socket.
	 * @return whether its address family is {@code AF_UNIX}
	 * @throws IllegalStateException if the descriptor is not an open socket
	 */
	public boolean isUnix() {
		return SocketDescriptor.family(this.fd) == SocketDescriptor.AF_UNIX;
	}

	/**
	 * Return the address a Unix domain socket is bound to.
	 * @return its path, as {@code getsockname(2)} gives it
	 */
	public DomainSocketAddress unixAddress() {
		requireEpoll();
		return new Socket(this.fd).localDomainSocketAddress();
	}

	/**
	 * Return whether this is a datagram (UDP) socket, which serves HTTP/3.
	 * @return whether its type is {@code SOCK_DGRAM}
	 * @throws IllegalStateException if the descriptor is not an open socket
	 */
	public boolean isDatagram() {
		return SocketDescriptor.type(this.fd) == SocketDescriptor.SOCK_DGRAM;
	}

	/**
	 * Adopt the socket as a Netty channel, non-blocking, ready to register on an epoll event loop:
	 * a server channel for a listening stream socket (TCP or Unix), a datagram channel for a UDP
	 * one. The socket is already bound: its address is the channel's.
	 * @return the channel, with a first handler that makes the bind Reactor Netty asks for a no-op
	 * @throws IllegalStateException if the descriptor is neither, or epoll is not available
	 */
	public Channel open() {
		requireEpoll();
		int family = SocketDescriptor.family(this.fd);
		if (family != SocketDescriptor.AF_INET && family != SocketDescriptor.AF_INET6
				&& family != SocketDescriptor.AF_UNIX) {
			throw new IllegalStateException(this + " has address family " + family
					+ ", neither IP nor Unix; check ListenStream= or ListenDatagram= in the socket unit");
		}
		Channel channel;
		if (isDatagram() && family != SocketDescriptor.AF_UNIX) {
			SocketDescriptor.makeNonBlocking(this.fd);
			channel = new EpollDatagramChannel(this.fd);
			channel.config().setOption(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true);
		}
		else if (SocketDescriptor.type(this.fd) == SocketDescriptor.SOCK_STREAM
				&& SocketDescriptor.isListening(this.fd)) {
			SocketDescriptor.makeNonBlocking(this.fd);
			channel = (family == SocketDescriptor.AF_UNIX) ? new EpollServerDomainSocketChannel(this.fd, true)
					: new EpollServerSocketChannel(this.fd);
		}
		else {
			throw new IllegalStateException(this + " is neither a listening stream socket nor a UDP socket; use "
					+ "ListenStream= (HTTP/1.1 and HTTP/2) or ListenDatagram= (HTTP/3) in the socket unit");
		}
		channel.pipeline().addFirst(new AlreadyBound());
		return channel;
	}

	private static void requireEpoll() {
		if (!Epoll.isAvailable()) {
			throw new IllegalStateException("Socket activation needs Netty's native epoll transport, which is not "
					+ "available: " + Epoll.unavailabilityCause());
		}
	}

	@Override
	public String toString() {
		return "systemd socket " + ((this.name != null) ? "'" + this.name + "' " : "") + "(fd " + this.fd + ")";
	}

	/**
	 * Completes the bind that Reactor Netty always asks for: the socket was bound by the service
	 * manager, and binding it again would fail.
	 */
	private static final class AlreadyBound extends ChannelOutboundHandlerAdapter {

		@Override
		public void bind(ChannelHandlerContext context, SocketAddress localAddress, ChannelPromise promise) {
			context.pipeline().remove(this);
			promise.setSuccess();
		}

	}

}

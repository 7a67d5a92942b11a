package io.github.serverimpl.kestrel.systemd;

import java.net.SocketAddress;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
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
	 * Adopt the socket as a Netty server channel, non-blocking, ready to register on an epoll
	 * event loop. The channel is already bound and listening: its address is the socket's.
	 * @return the channel, with a first handler that makes the bind Reactor Netty asks for a no-op
	 * @throws IllegalStateException if the descriptor is not a listening stream socket, or epoll is
	 * not available
	 */
	public ServerChannel open() {
		requireEpoll();
		int family = SocketDescriptor.family(this.fd);
		if (SocketDescriptor.type(this.fd) != SocketDescriptor.SOCK_STREAM || !SocketDescriptor.isListening(this.fd)) {
			throw new IllegalStateException(this + " is not a listening stream socket; serve it with "
					+ "ListenStream= in the socket unit (datagram sockets need HTTP/3, which this endpoint does not serve)");
		}
		SocketDescriptor.makeNonBlocking(this.fd);
		ServerChannel channel = switch (family) {
			case SocketDescriptor.AF_INET, SocketDescriptor.AF_INET6 -> new EpollServerSocketChannel(this.fd);
			case SocketDescriptor.AF_UNIX -> new EpollServerDomainSocketChannel(this.fd, true);
			default -> throw new IllegalStateException(this + " has address family " + family
					+ ", neither IP nor Unix; check ListenStream= in the socket unit");
		};
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

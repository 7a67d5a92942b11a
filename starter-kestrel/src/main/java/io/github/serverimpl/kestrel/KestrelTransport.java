package io.github.serverimpl.kestrel;

/**
 * The socket transport Kestrel's event loops run on, as Netty provides them.
 */
public enum KestrelTransport {

	/**
	 * io_uring where the kernel allows it, else epoll, else NIO. When an endpoint serves sockets
	 * systemd passed, or HTTP/3, the server runs on epoll: Netty's io_uring transport cannot adopt
	 * an open socket, and QUIC got no answer over its datagram channel.
	 */
	AUTO("auto"),

	/**
	 * Linux's io_uring: fewer system calls per request than epoll.
	 */
	IO_URING("io_uring"),

	/**
	 * Linux's epoll.
	 */
	EPOLL("epoll"),

	/**
	 * The JDK's NIO selectors, on any platform.
	 */
	NIO("nio");

	private final String displayName;

	KestrelTransport(String displayName) {
		this.displayName = displayName;
	}

	/**
	 * Return whether this is one of Netty's native transports.
	 * @return {@code true} for io_uring and epoll
	 */
	public boolean isNative() {
		return this == IO_URING || this == EPOLL;
	}

	@Override
	public String toString() {
		return this.displayName;
	}

}

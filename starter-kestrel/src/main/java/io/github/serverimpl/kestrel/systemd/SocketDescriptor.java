package io.github.serverimpl.kestrel.systemd;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/**
 * What Linux says about an inherited socket descriptor, through libc ({@code getsockopt},
 * {@code fcntl}), as systemd's {@code sd_is_socket} asks it.
 */
final class SocketDescriptor {

	static final int AF_UNIX = 1;

	static final int AF_INET = 2;

	static final int AF_INET6 = 10;

	static final int SOCK_STREAM = 1;

	static final int SOCK_DGRAM = 2;

	private static final int SOL_SOCKET = 1;

	private static final int SO_TYPE = 3;

	private static final int SO_ACCEPTCONN = 30;

	private static final int SO_DOMAIN = 39;

	private static final int F_GETFL = 3;

	private static final int F_SETFL = 4;

	private static final int O_NONBLOCK = 0x800;

	private SocketDescriptor() {
	}

	/**
	 * Return the socket's address family.
	 * @param fd the descriptor
	 * @return {@link #AF_UNIX}, {@link #AF_INET} or {@link #AF_INET6}, or another family
	 * @throws IllegalStateException if the descriptor is not an open socket
	 */
	static int family(int fd) {
		return option(fd, SO_DOMAIN);
	}

	/**
	 * Return the socket's type.
	 * @param fd the descriptor
	 * @return {@link #SOCK_STREAM}, {@link #SOCK_DGRAM} or another type
	 */
	static int type(int fd) {
		return option(fd, SO_TYPE);
	}

	/**
	 * Return whether a stream socket listens.
	 * @param fd the descriptor
	 * @return whether {@code listen(2)} was called on it
	 */
	static boolean isListening(int fd) {
		return option(fd, SO_ACCEPTCONN) != 0;
	}

	/**
	 * Make the descriptor non-blocking, as an event loop needs it: systemd hands sockets over
	 * blocking unless the service says {@code NonBlocking=yes}, and a blocking accept or receive
	 * would stall every connection of the loop.
	 * @param fd the descriptor
	 */
	static void makeNonBlocking(int fd) {
		try {
			int flags = Libc.INSTANCE.fcntl(fd, F_GETFL, 0);
			if ((flags & O_NONBLOCK) == 0) {
				Libc.INSTANCE.fcntl(fd, F_SETFL, flags | O_NONBLOCK);
			}
		}
		catch (LastErrorException ex) {
			throw new IllegalStateException("Cannot make descriptor " + fd + " non-blocking: errno " + ex.getErrorCode(),
					ex);
		}
	}

	private static int option(int fd, int name) {
		IntByReference value = new IntByReference();
		IntByReference length = new IntByReference(Integer.BYTES);
		try {
			Libc.INSTANCE.getsockopt(fd, SOL_SOCKET, name, value, length);
		}
		catch (LastErrorException ex) {
			throw new IllegalStateException("Descriptor " + fd + " is not an open socket (errno " + ex.getErrorCode()
					+ ")", ex);
		}
		return value.getValue();
	}

	/**
	 * The two libc calls, declared to throw on -1 with {@code errno}.
	 */
	interface Libc extends Library {

		Libc INSTANCE = Native.load("c", Libc.class);

		int getsockopt(int fd, int level, int name, IntByReference value, IntByReference length)
				throws LastErrorException;

		int fcntl(int fd, int command, int argument) throws LastErrorException;

	}

}

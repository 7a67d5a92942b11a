package io.github.serverimpl.kestrel.systemd;

/**
 * Test access to descriptor flags, through the same libc calls the server uses.
 */
final class SocketDescriptorAccess {

	private static final int F_GETFL = 3;

	private static final int F_SETFL = 4;

	private static final int O_NONBLOCK = 0x800;

	private SocketDescriptorAccess() {
	}

	/** Clear O_NONBLOCK, as systemd hands sockets over unless NonBlocking=yes. */
	static void makeBlocking(int fd) {
		int flags = SocketDescriptor.Libc.INSTANCE.fcntl(fd, F_GETFL, 0);
		SocketDescriptor.Libc.INSTANCE.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
	}

	static boolean isNonBlocking(int fd) {
		return (SocketDescriptor.Libc.INSTANCE.fcntl(fd, F_GETFL, 0) & O_NONBLOCK) != 0;
	}

}

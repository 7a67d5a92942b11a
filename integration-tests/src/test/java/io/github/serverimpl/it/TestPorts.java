package io.github.serverimpl.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fixed ports for the processes a test starts (the demo, Nginx, Apache), each handed out once per
 * test JVM and taken from below the kernel's ephemeral range.
 *
 * <p>Asking the kernel for a free port ({@code new ServerSocket(0)}) and closing it is not enough:
 * the kernel may hand the same port out again to the next such call, or to any outgoing
 * connection, before the process that was meant to listen on it has bound it. Two recipes on one
 * port then make Nginx answer for the wrong site. Ports below the ephemeral range are never chosen
 * by the kernel, and the counter never repeats one.
 */
final class TestPorts {

	/** The ephemeral range's default start on Linux, when it cannot be read. */
	private static final int DEFAULT_EPHEMERAL_START = 32768;

	/** How many ports below the ephemeral range tests may use. */
	private static final int SPAN = 10000;

	private static final int FIRST = Math.max(1024, ephemeralStart() - SPAN);

	private static final AtomicInteger next = new AtomicInteger();

	private TestPorts() {
	}

	/**
	 * A port that nothing listens on, no connection uses, and this JVM has not handed out before.
	 * @return the port
	 */
	static int next() {
		for (int attempt = 0; attempt < SPAN; attempt++) {
			int port = FIRST + Math.floorMod(next.getAndIncrement(), SPAN);
			if (isFree(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port between " + FIRST + " and " + (FIRST + SPAN));
	}

	private static boolean isFree(int port) {
		// Without SO_REUSEADDR the bind also fails while a closed connection lingers on the port.
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int ephemeralStart() {
		try {
			String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
			return Integer.parseInt(range.split("\\s+")[0]);
		}
		catch (IOException | RuntimeException ex) {
			return DEFAULT_EPHEMERAL_START;
		}
	}

}

package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.netty.channel.unix.DomainSocketAddress;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.WebServerException;

/**
 * The socket file of a Unix domain socket endpoint: a stale file left by a crashed run is replaced,
 * a file that a live process still listens on stops start-up, and the file is removed on stop.
 */
final class UnixSocketFile {

	private static final Log logger = LogFactory.getLog(UnixSocketFile.class);

	private final Path path;

	UnixSocketFile(String path) {
		this.path = Path.of(path);
	}

	/**
	 * Make the path free to bind.
	 * @throws WebServerException if another process listens on the socket
	 */
	void prepare() {
		if (!Files.exists(this.path)) {
			return;
		}
		if (isLive()) {
			throw new WebServerException("Unix socket " + this.path + " is in use by a running process; stop it or "
					+ "choose another path for the endpoint", null);
		}
		try {
			Files.delete(this.path);
			logger.info("Replaced stale Unix socket file " + this.path);
		}
		catch (IOException ex) {
			throw new WebServerException("Cannot replace the existing file " + this.path
					+ "; remove it or choose another path for the endpoint", ex);
		}
	}

	/**
	 * Return the address to bind, for the transport in use.
	 * @param nativeTransport whether the server runs on one of Netty's native transports
	 * @return a Netty domain socket address on native transports, a JDK one on NIO
	 */
	SocketAddress bindAddress(boolean nativeTransport) {
		return nativeTransport ? new DomainSocketAddress(this.path.toString())
				: UnixDomainSocketAddress.of(this.path);
	}

	/**
	 * Set the socket file's permissions, once bound.
	 * @param permissions POSIX permissions such as {@code rw-rw----}
	 */
	void setPermissions(String permissions) {
		try {
			Files.setPosixFilePermissions(this.path, PosixFilePermissions.fromString(permissions));
		}
		catch (IOException | UnsupportedOperationException ex) {
			throw new WebServerException("Cannot set permissions " + permissions + " on Unix socket " + this.path, ex);
		}
	}

	void delete() {
		try {
			Files.deleteIfExists(this.path);
		}
		catch (IOException ex) {
			logger.warn("Could not remove Unix socket file " + this.path, ex);
		}
	}

	private boolean isLive() {
		try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(this.path))) {
			return channel.isConnected();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return this.path.toString();
	}

}

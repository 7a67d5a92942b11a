package io.github.serverimpl.kestrel.limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A plain socket speaking HTTP/1.1 bytes, for tests that must send what an HTTP client would not.
 */
final class RawConnection implements AutoCloseable {

	private final Socket socket;

	private final ByteArrayOutputStream received = new ByteArrayOutputStream();

	private boolean closedByServer;

	RawConnection(int port) throws IOException {
		this.socket = new Socket("127.0.0.1", port);
	}

	RawConnection send(String text) throws IOException {
		this.socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
		this.socket.getOutputStream().flush();
		return this;
	}

	/**
	 * Read until the server closes the connection or nothing arrives for the given time.
	 * @return what arrived so far
	 */
	String readFor(Duration quiet) throws IOException {
		this.socket.setSoTimeout((int) quiet.toMillis());
		InputStream in = this.socket.getInputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = in.read(buffer)) != -1) {
				this.received.write(buffer, 0, read);
			}
			this.closedByServer = true;
		}
		catch (SocketTimeoutException ex) {
			// quiet: the connection is still open
		}
		catch (IOException ex) {
			this.closedByServer = true;
		}
		return this.received.toString(StandardCharsets.ISO_8859_1);
	}

	boolean closedByServer() {
		return this.closedByServer;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}

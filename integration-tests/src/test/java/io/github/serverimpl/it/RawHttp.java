package io.github.serverimpl.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange on a new connection ({@code Connection: close}), as raw text: no pool,
 * no retry, so every connection a test opens is seen to succeed or fail.
 */
final class RawHttp {

	private RawHttp() {
	}

	/**
	 * Send {@code GET path} to {@code 127.0.0.1:port} and read the whole response.
	 * @param port the port
	 * @param path the path
	 * @param timeoutMillis how long to wait for each read
	 * @param headers extra header lines, such as {@code X-Forwarded-Proto: https}
	 * @return the response: status line, headers and body
	 */
	static String get(int port, String path, int timeoutMillis, String... headers) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
			socket.setSoTimeout(timeoutMillis);
			StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
			for (String header : headers) {
				request.append(header).append("\r\n");
			}
			request.append("Connection: close\r\n\r\n");
			socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.US_ASCII));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}

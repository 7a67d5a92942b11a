package io.github.serverimpl.kestrel;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint with {@code proxy-protocol} takes the client address from the PROXY header (v1 and
 * v2), and closes connections that do not start with one. Raw sockets, so the bytes are exactly
 * what a proxy sends.
 */
class ProxyProtocolTests {

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	private int start() {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("lb", "http://127.0.0.1:0").withProxyProtocol(true)));
		HttpHandler handler = (request, response) -> response.writeWith(Mono.just(response.bufferFactory()
			.wrap(("client=" + request.getRemoteAddress()).getBytes(StandardCharsets.UTF_8))));
		this.webServer = factory.getWebServer(handler);
		this.webServer.start();
		return this.webServer.getPort();
	}

	@Test
	void version1HeaderSourceBecomesTheRemoteAddress() throws Exception {
		int port = start();
		String response = exchange(port, ("PROXY TCP4 203.0.113.7 127.0.0.1 51000 " + port + "\r\n"
				+ "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
		assertThat(response).startsWith("HTTP/1.1 200").contains("client=/203.0.113.7:51000");
	}

	@Test
	void version2HeaderSourceBecomesTheRemoteAddress() throws Exception {
		int port = start();
		byte[] signature = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };
		byte[] header = new byte[16 + 12];
		System.arraycopy(signature, 0, header, 0, 12);
		header[12] = 0x21; // version 2, PROXY command
		header[13] = 0x11; // TCP over IPv4
		header[15] = 12; // address block length
		byte[] addresses = { (byte) 198, 51, 100, 23, 127, 0, 0, 1, (byte) 0xC8, 0x3C, (byte) (port >> 8), (byte) port };
		System.arraycopy(addresses, 0, header, 16, 12);
		byte[] request = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
			.getBytes(StandardCharsets.US_ASCII);
		byte[] bytes = new byte[header.length + request.length];
		System.arraycopy(header, 0, bytes, 0, header.length);
		System.arraycopy(request, 0, bytes, header.length, request.length);
		assertThat(exchange(port, bytes)).startsWith("HTTP/1.1 200").contains("client=/198.51.100.23:51260");
	}

	@Test
	void aConnectionWithoutAValidHeaderIsClosedWithoutAResponse() throws Exception {
		int port = start();
		String response = exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
		assertThat(response).isEmpty();
	}

	private static String exchange(int port, byte[] bytes) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			socket.setSoTimeout(10_000);
			OutputStream out = socket.getOutputStream();
			out.write(bytes);
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}

package io.github.serverimpl.kestrel.limits;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection-wide HTTP/2 limits, read off the frames a raw h2c client (prior knowledge)
 * receives: the connection window the server opens (Netty's codec already opens it to twice the
 * stream window; a larger configured window is granted on top), and keep-alive pings that close a
 * silent client's connection.
 */
class Http2ConnectionLimitsTests {

	private static final int WINDOW_UPDATE = 0x8;

	private static final int PING = 0x6;

	private static final int GOAWAY = 0x7;

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	private int start(KestrelLimits limits) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("h2c", "http://127.0.0.1:0").withProtocols(HttpProtocols.HTTP2)));
		factory.setLimits(limits);
		this.webServer = factory.getWebServer((request, response) -> response.setComplete());
		this.webServer.start();
		return this.webServer.getPort();
	}

	@Test
	void theServerOpensTheConnectionWindowToTheConfiguredSize() throws Exception {
		KestrelLimits.Http2 defaults = KestrelLimits.Http2.DEFAULTS;
		int window = 4 * 1024 * 1024;
		int port = start(KestrelLimits.DEFAULTS.withHttp2(new KestrelLimits.Http2(defaults.maxStreamsPerConnection(),
				defaults.headerTableSize(), defaults.maxFrameSize(), defaults.maxRequestHeaderFieldSize(),
				defaults.initialStreamWindowSize(), window, null, defaults.keepAlivePingTimeout())));
		try (H2Client client = new H2Client(port)) {
			long granted = 65535;
			while (granted < window) {
				Frame update = client.next(WINDOW_UPDATE, Duration.ofSeconds(5));
				assertThat(update.streamId()).isZero();
				granted += update.payloadInt() & 0x7fffffff;
			}
			assertThat(granted).isEqualTo(window);
		}
	}

	@Test
	void aClientThatDoesNotAnswerTheKeepAlivePingIsDisconnected() throws Exception {
		int port = start(KestrelLimits.DEFAULTS
			.withHttp2(KestrelLimits.Http2.DEFAULTS.withKeepAlivePing(Duration.ofSeconds(1), Duration.ofSeconds(1))));
		try (H2Client client = new H2Client(port)) {
			Frame ping = client.next(PING, Duration.ofSeconds(5));
			assertThat(ping.flags() & 0x1).as("not an ACK").isZero();
			Frame goAway = client.next(GOAWAY, Duration.ofSeconds(5));
			assertThat(goAway.errorCodeOfGoAway()).as("INTERNAL_ERROR").isEqualTo(0x2);
			assertThat(client.closedByServer(Duration.ofSeconds(5))).isTrue();
		}
	}

	@Test
	void aClientThatAnswersTheKeepAlivePingStaysConnected() throws Exception {
		int port = start(KestrelLimits.DEFAULTS
			.withHttp2(KestrelLimits.Http2.DEFAULTS.withKeepAlivePing(Duration.ofSeconds(1), Duration.ofSeconds(1))));
		try (H2Client client = new H2Client(port)) {
			for (int i = 0; i < 2; i++) {
				Frame ping = client.next(PING, Duration.ofSeconds(5));
				client.send(PING, 0x1, 0, ping.payload());
			}
			assertThat(client.closedByServer(Duration.ofMillis(1500))).isFalse();
		}
	}

	private record Frame(int type, int flags, int streamId, byte[] payload) {

		int payloadInt() {
			return ((this.payload[0] & 0xff) << 24) | ((this.payload[1] & 0xff) << 16) | ((this.payload[2] & 0xff) << 8)
					| (this.payload[3] & 0xff);
		}

		int errorCodeOfGoAway() {
			return ((this.payload[4] & 0xff) << 24) | ((this.payload[5] & 0xff) << 16) | ((this.payload[6] & 0xff) << 8)
					| (this.payload[7] & 0xff);
		}

	}

	/** Just enough HTTP/2 to read frame headers off a socket. */
	private static final class H2Client implements AutoCloseable {

		private final Socket socket;

		private final DataInputStream in;

		H2Client(int port) throws IOException {
			this.socket = new Socket("127.0.0.1", port);
			this.in = new DataInputStream(this.socket.getInputStream());
			OutputStream out = this.socket.getOutputStream();
			out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			send(0x4, 0, 0, new byte[0]);
		}

		void send(int type, int flags, int streamId, byte[] payload) throws IOException {
			byte[] header = { (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
					(byte) type, (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16),
					(byte) (streamId >>> 8), (byte) streamId };
			OutputStream out = this.socket.getOutputStream();
			out.write(header);
			out.write(payload);
			out.flush();
		}

		Frame next(int type, Duration timeout) throws IOException {
			this.socket.setSoTimeout((int) timeout.toMillis());
			while (true) {
				Frame frame = read();
				if (frame.type() == 0x4 && (frame.flags() & 0x1) == 0) {
					send(0x4, 0x1, 0, new byte[0]);
				}
				if (frame.type() == type) {
					return frame;
				}
			}
		}

		private Frame read() throws IOException {
			int length = (this.in.readUnsignedByte() << 16) | (this.in.readUnsignedByte() << 8) | this.in.readUnsignedByte();
			int type = this.in.readUnsignedByte();
			int flags = this.in.readUnsignedByte();
			int streamId = this.in.readInt() & 0x7fffffff;
			byte[] payload = new byte[length];
			this.in.readFully(payload);
			return new Frame(type, flags, streamId, payload);
		}

		boolean closedByServer(Duration timeout) throws IOException {
			this.socket.setSoTimeout((int) timeout.toMillis());
			try {
				while (true) {
					read();
				}
			}
			catch (EOFException | java.net.SocketException ex) {
				return true;
			}
			catch (java.net.SocketTimeoutException ex) {
				return false;
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

}

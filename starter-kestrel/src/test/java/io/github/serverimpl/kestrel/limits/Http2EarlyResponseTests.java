package io.github.serverimpl.kestrel.limits;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that answers an HTTP/2 request before reading its body (as the demo's
 * {@code GET /} does): the stream stays open for the rest of the request, whose frames are still
 * judged by the protocol's rules, and ends without an error when the client finishes, with
 * {@code RST_STREAM(NO_ERROR)} (stop sending, the response stands) after one stream window of
 * discarded body or {@value Http2StreamLimits#DRAIN_TIMEOUT_SECONDS} seconds. Frames are written and
 * read raw on a socket, so that the test controls what the client sends after the response.
 */
class Http2EarlyResponseTests {

	private static final int HEADERS = 0x1;

	private static final int DATA = 0x0;

	private static final int RST_STREAM = 0x3;

	private static final int SETTINGS = 0x4;

	private static final int PING = 0x6;

	private static final int WINDOW_UPDATE = 0x8;

	private static final int END_STREAM = 0x1;

	private static final int END_HEADERS = 0x4;

	private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder();

	private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder();

	private WebServer webServer;

	private Socket socket;

	private DataInputStream in;

	private OutputStream out;

	@BeforeEach
	void start() throws IOException {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("h2c", "http://127.0.0.1:0").withProtocols(HttpProtocols.HTTP2)));
		// Without a body rate the drain timeout alone ends a stream whose client goes quiet.
		factory.setLimits(KestrelLimits.DEFAULTS.withMinRequestBodyDataRate(null));
		this.webServer = factory.getWebServer((request, response) -> response
			.writeWith(Mono.just(response.bufferFactory().wrap("early".getBytes()))));
		this.webServer.start();
		this.socket = new Socket("127.0.0.1", this.webServer.getPort());
		this.socket.setSoTimeout(10_000);
		this.in = new DataInputStream(this.socket.getInputStream());
		this.out = this.socket.getOutputStream();
		ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
		byte[] bytes = new byte[preface.readableBytes()];
		preface.readBytes(bytes);
		preface.release();
		this.out.write(bytes);
		send(SETTINGS, 0, 0, new byte[0]);
	}

	@AfterEach
	void stop() throws IOException {
		this.socket.close();
		this.webServer.destroy();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Request.class)
	void aClientThatFinishesItsBodyAfterTheResponseEndsTheStreamWithoutAReset(Request request) throws Exception {
		sendAndReadTheResponse(1, request);
		send(DATA, END_STREAM, 1, new byte[100]);
		send(PING, 0, 0, new byte[8]);
		Frame frame = nextFrame();
		while (frame.type != PING) {
			assertThat(frame.type).as("frame on stream %d before the PING's answer", frame.streamId)
				.isNotEqualTo(RST_STREAM);
			frame = nextFrame();
		}
		assertThat(answer(3)).isEqualTo("200");
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Request.class)
	void theRequestAfterTheResponseIsStillJudged(Request request) throws Exception {
		sendAndReadTheResponse(1, request);
		send(WINDOW_UPDATE, 0, 1, new byte[4]);
		assertThat(resetOf(1)).isEqualTo(Http2Error.PROTOCOL_ERROR);
		assertThat(answer(3)).isEqualTo("200");
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(Request.class)
	void moreThanOneStreamWindowOfBodyAfterTheResponseIsStoppedWithNoError(Request request) throws Exception {
		sendAndReadTheResponse(1, request);
		int window = KestrelLimits.Http2.DEFAULT_INITIAL_STREAM_WINDOW_SIZE;
		for (int sent = 0; sent <= window; sent += 16384) {
			send(DATA, 0, 1, new byte[16384]);
		}
		assertThat(resetOf(1)).isEqualTo(Http2Error.NO_ERROR);
		assertThat(answer(3)).as("the discarded body was given back to the connection's window").isEqualTo("200");
	}

	@Test
	void aClientThatGoesQuietAfterTheResponseIsStoppedWithNoError() throws Exception {
		sendAndReadTheResponse(1, Request.POST_WITH_A_BODY_STARTED);
		long started = System.nanoTime();
		assertThat(resetOf(1)).isEqualTo(Http2Error.NO_ERROR);
		assertThat(System.nanoTime() - started).as("reset after the drain timeout")
			.isGreaterThanOrEqualTo((Http2StreamLimits.DRAIN_TIMEOUT_SECONDS - 1) * 1_000_000_000L);
	}

	/** Send the request's HEADERS (and the first part of its body), and read its whole response. */
	private void sendAndReadTheResponse(int streamId, Request request) throws Exception {
		sendHeaders(streamId, request.method, false);
		if (request == Request.POST_WITH_A_BODY_STARTED) {
			send(DATA, 0, streamId, new byte[10]);
		}
		String status = null;
		for (;;) {
			Frame frame = nextFrame();
			if (frame.streamId != streamId) {
				continue;
			}
			assertThat(frame.type).as("the early response").isIn(HEADERS, DATA);
			if (frame.type == HEADERS) {
				status = frame.status(this.decoder);
			}
			if ((frame.flags & END_STREAM) != 0) {
				break;
			}
		}
		assertThat(status).isEqualTo("200");
	}

	/** Send a GET on a new stream and return its status. */
	private String answer(int streamId) throws Exception {
		sendHeaders(streamId, "GET", true);
		for (;;) {
			Frame frame = nextFrame();
			if (frame.streamId == streamId && frame.type == HEADERS) {
				return frame.status(this.decoder);
			}
			assertThat(frame.type == RST_STREAM && frame.streamId == streamId).as("stream %d reset", streamId).isFalse();
		}
	}

	private Http2Error resetOf(int streamId) throws Exception {
		for (;;) {
			Frame frame = nextFrame();
			if (frame.type == RST_STREAM && frame.streamId == streamId) {
				return Http2Error.valueOf(readInt(frame.payload, 0));
			}
		}
	}

	private void sendHeaders(int streamId, String method, boolean endStream) throws IOException, Http2Exception {
		Http2Headers headers = new DefaultHttp2Headers().method(method).scheme("http").path("/")
			.authority("127.0.0.1");
		ByteBuf block = Unpooled.buffer();
		try {
			this.encoder.encodeHeaders(streamId, headers, block);
			byte[] bytes = new byte[block.readableBytes()];
			block.readBytes(bytes);
			send(HEADERS, END_HEADERS | (endStream ? END_STREAM : 0), streamId, bytes);
		}
		finally {
			block.release();
		}
	}

	private void send(int type, int flags, int streamId, byte[] payload) throws IOException {
		byte[] header = { (byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
				(byte) type, (byte) flags, (byte) (streamId >>> 24), (byte) (streamId >>> 16),
				(byte) (streamId >>> 8), (byte) streamId };
		this.out.write(header);
		this.out.write(payload);
		this.out.flush();
	}

	private Frame nextFrame() throws IOException {
		byte[] header = new byte[9];
		try {
			this.in.readFully(header);
		}
		catch (SocketTimeoutException ex) {
			throw new AssertionError("No frame from the server in 10 seconds", ex);
		}
		int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
		byte[] payload = new byte[length];
		this.in.readFully(payload);
		return new Frame(header[3], header[4], readInt(header, 5) & 0x7fffffff, payload);
	}

	private static int readInt(byte[] bytes, int at) {
		return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
				| (bytes[at + 3] & 0xff);
	}

	/** Requests answered before their end. */
	enum Request {

		POST_WITH_A_BODY_STARTED("POST"),

		/** As h2spec sends most of its requests. */
		GET_WITHOUT_END_STREAM("GET");

		private final String method;

		Request(String method) {
			this.method = method;
		}

	}

	private record Frame(int type, int flags, int streamId, byte[] payload) {

		String status(DefaultHttp2HeadersDecoder decoder) throws Http2Exception {
			ByteBuf block = Unpooled.wrappedBuffer(this.payload);
			try {
				return String.valueOf(decoder.decodeHeaders(this.streamId, block).status());
			}
			finally {
				block.release();
			}
		}

	}

}

package io.github.serverimpl.kestrel.limits;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RequestSyntax}'s rules hold however the bytes are cut into reads: each request below
 * reaches Netty's codec (the real one, in an {@link EmbeddedChannel}) in reads of every size from
 * one byte up, and gets the same answer each time.
 */
class RequestSyntaxTests {

	private static final String HOST = "Host: localhost\r\n";

	private final List<String> answered = new ArrayList<>();

	private EmbeddedChannel channel;

	@AfterEach
	void finish() {
		if (this.channel != null) {
			this.channel.finishAndReleaseAll();
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 7, 16, 64 })
	void pipelinedRequestsWithBodiesAreAllAnswered(int readSize) {
		String requests = "POST /a HTTP/1.1\r\n" + HOST + "Content-Length: 21\r\n\r\nGET  / http/1.1\r\n x\r\n"
				+ "POST /b HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n10;ext\r\n GET  / http/1.1\r\n"
				+ "0\r\nX-Trailer: t\r\n\r\n" + "\r\nGET /c HTTP/1.1\r\n" + HOST + "\r\n";
		String output = send(requests, readSize);
		assertThat(this.answered).containsExactly("/a", "/b", "/c");
		assertThat(output).doesNotContain("400");
		assertThat(this.channel.isOpen()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 7, 16, 64 })
	void aLeniencyPipelinedBehindABodyIsAnswered400AfterTheRequestBeforeIt(int readSize) {
		String requests = "POST /a HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\n\r\nabc" + "GET /b HTTP/1.1\r\n" + HOST
				+ "X-Folded: a\r\n\tb\r\n\r\n" + "GET /c HTTP/1.1\r\n" + HOST + "\r\n";
		String output = send(requests, readSize);
		assertThat(this.answered).containsExactly("/a");
		assertThat(output).startsWith("HTTP/1.1 200 OK").contains("HTTP/1.1 400 Bad Request");
		assertThat(output.indexOf("200 OK")).isLessThan(output.indexOf("400 Bad Request"));
		assertThat(this.channel.isOpen()).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "GET  / HTTP/1.1", "GET /  HTTP/1.1", "GET / http/1.1", "GET / HTTP/1.1\r\n X: folded" })
	void aLeniencyCutIntoSingleBytesIsAnswered400(String start) {
		String output = send(start + "\r\n" + HOST + "\r\n", 1);
		assertThat(this.answered).isEmpty();
		assertThat(output).startsWith("HTTP/1.1 400 Bad Request");
		assertThat(this.channel.isOpen()).isFalse();
	}

	private String send(String requests, int readSize) {
		Http1RequestLimits limits = new Http1RequestLimits(KestrelLimits.DEFAULTS, new KestrelStatistics(), null);
		this.channel = new EmbeddedChannel();
		this.channel.pipeline()
			.addLast(Http1RequestLimits.BYTES, limits.requestStart())
			.addLast("codec", new HttpServerCodec())
			.addLast(Http1RequestLimits.MESSAGES, limits.requestLimits())
			.addLast(Http1RequestLimits.DISPATCH, limits.requestDispatch())
			.addLast(new Answerer());
		byte[] bytes = requests.getBytes(StandardCharsets.ISO_8859_1);
		for (int i = 0; i < bytes.length && this.channel.isOpen(); i += readSize) {
			this.channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(readSize, bytes.length - i)));
		}
		this.channel.runPendingTasks();
		StringBuilder output = new StringBuilder();
		for (ByteBuf written; (written = this.channel.readOutbound()) != null;) {
			output.append(written.toString(StandardCharsets.ISO_8859_1));
			written.release();
		}
		return output.toString();
	}

	/** The application: answers each request once its body has been read. */
	private final class Answerer extends ChannelInboundHandlerAdapter {

		private String path = "";

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof HttpRequest request) {
				this.path = request.uri();
			}
			if (msg instanceof LastHttpContent) {
				RequestSyntaxTests.this.answered.add(this.path);
				FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
				response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
				ctx.writeAndFlush(response);
			}
			ReferenceCountUtil.release(msg);
		}

	}

}

package io.github.serverimpl.kestrel.limits;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.serverimpl.forwarded.ForwardedHeader;
import io.github.serverimpl.forwarded.ForwardedHeadersOptions;
import io.github.serverimpl.forwarded.IpNetwork;
import io.github.serverimpl.forwarded.TrustedForwardedHeaderTransformer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.web.server.PayloadTooLargeException;

/**
 * Coverage-guided fuzzing (Jazzer) of the front ends Kestrel puts before an application: the
 * HTTP/1.1 pipeline (PROXY protocol header, {@link RequestSyntax}, Netty's codec, the request
 * limits), the HTTP/2 pipeline (Netty's frame codec and {@link Http2StreamLimits}), and the trusted
 * forwarded headers, each fed the fuzzer's bytes through Netty {@code EmbeddedChannel}s with the
 * real handlers. Whatever the input: nothing reaches the end of a pipeline but what the server
 * expects there (a decoder's verdict or an HTTP/2 connection error, on which Reactor Netty closes
 * the connection, or a limit's signal to the application), no other exception is thrown, and no
 * buffer leaks (the suite's leak detector, at the paranoid level, fails the class otherwise).
 *
 * <p>In the test suite each target runs as a regression test over its inputs in
 * {@code src/test/resources/.../FrontEndFuzzTestsInputs}, and, in the build's {@code fuzz-*}
 * executions, fuzzes for the time its annotation gives ({@code JAZZER_FUZZ=1}). A longer run:
 * {@code mvn -pl starter-kestrel surefire:test@fuzz-http1 -Djazzer.max_duration=10m}.
 */
class FrontEndFuzzTests {

	private static final KestrelLimits LIMITS = KestrelLimits.DEFAULTS;

	private static final TrustedForwardedHeaderTransformer FORWARDED = new TrustedForwardedHeaderTransformer(
			new ForwardedHeadersOptions(Set.of(ForwardedHeader.values()), List.of(InetAddress.getLoopbackAddress()),
					List.of(IpNetwork.parse("10.0.0.0/8")), 2, false, List.of()));

	@FuzzTest(maxDuration = "20s")
	void http1(FuzzedDataProvider data) {
		boolean proxyProtocol = data.consumeBoolean();
		int readSize = data.consumeInt(1, 512);
		byte[] bytes = data.consumeRemainingAsBytes();
		Http1RequestLimits limits = new Http1RequestLimits(LIMITS, new KestrelStatistics(), null);
		EmbeddedChannel channel = new EmbeddedChannel();
		if (proxyProtocol) {
			channel.pipeline().addLast(new HAProxyMessageDecoder(), new ReleaseProxyMessages());
		}
		channel.pipeline()
			.addLast(Http1RequestLimits.BYTES, limits.requestStart())
			.addLast("codec", new HttpServerCodec(LIMITS.maxRequestLineSize(), LIMITS.maxRequestHeadersTotalSize(), 8192))
			.addLast(Http1RequestLimits.MESSAGES, limits.requestLimits())
			.addLast(Http1RequestLimits.DISPATCH, limits.requestDispatch())
			.addLast(new Application());
		feed(channel, bytes, readSize);
	}

	@FuzzTest(maxDuration = "20s")
	void http2(FuzzedDataProvider data) {
		int readSize = data.consumeInt(1, 512);
		byte[] bytes = data.consumeRemainingAsBytes();
		EmbeddedChannel channel = new EmbeddedChannel();
		channel.pipeline()
			.addLast(Http2FrameCodecBuilder.forServer().autoAckSettingsFrame(true).build())
			.addLast(new Http2StreamLimits(LIMITS, new KestrelStatistics().rejectionLog()))
			.addLast(new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {

				@Override
				protected void initChannel(Http2StreamChannel stream) {
					stream.pipeline().addLast(new Http2Application());
				}

			}), new PipelineEnd());
		ByteBuf preface = Http2CodecUtil.connectionPrefaceBuf();
		channel.writeInbound(preface);
		feed(channel, bytes, readSize);
	}

	@FuzzTest(maxDuration = "10s")
	void forwardedHeaders(FuzzedDataProvider data) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("http://localhost/path")
			.remoteAddress(new InetSocketAddress("127.0.0.1", 40000));
		for (String name : List.of("Forwarded", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host",
				"X-Forwarded-Port", "X-Forwarded-Prefix")) {
			if (data.consumeBoolean()) {
				request.header(name, data.consumeString(200));
			}
		}
		ServerHttpRequest forwarded = FORWARDED.apply(request.build());
		// Read what the application reads: none of it may throw.
		forwarded.getURI();
		forwarded.getRemoteAddress();
		forwarded.getPath().contextPath();
		HttpHeaders headers = forwarded.getHeaders();
		headers.getHost();
	}

	private static void feed(EmbeddedChannel channel, byte[] bytes, int readSize) {
		try {
			for (int i = 0; i < bytes.length && channel.isOpen(); i += readSize) {
				channel.writeInbound(Unpooled.copiedBuffer(bytes, i, Math.min(readSize, bytes.length - i)));
				channel.runPendingTasks();
				channel.checkException();
			}
			channel.close();
			channel.checkException();
		}
		finally {
			channel.finishAndReleaseAll();
		}
	}

	/**
	 * Where a pipeline ends: what reaches it as an exception must be a decoder's verdict or a
	 * limit's signal, and closes the connection as Reactor Netty does.
	 */
	private static class PipelineEnd extends ChannelInboundHandlerAdapter {

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			if (cause instanceof Http2Exception) {
				// Netty's HTTP/2 codec has answered it already: RST_STREAM, or GOAWAY and close.
				return;
			}
			if (isNettyMultiplexNullPointer(cause)) {
				// Inside Netty: see Http2MultiplexNullPointerTests.
				ctx.close();
				return;
			}
			if (cause instanceof DecoderException || cause instanceof PayloadTooLargeException
					|| cause instanceof RequestBodyTimeoutException) {
				ctx.close();
				return;
			}
			// To the channel's end, where EmbeddedChannel keeps it for checkException().
			ctx.fireExceptionCaught(cause);
		}

	}

	/**
	 * Return whether an exception is Netty 4.2.18's {@code NullPointerException} in
	 * {@code Http2MultiplexHandler.channelRead}: a HEADERS frame whose stream was reset while its
	 * headers were read reaches the multiplexer, which made no stream channel for it.
	 */
	static boolean isNettyMultiplexNullPointer(Throwable cause) {
		StackTraceElement[] stack = cause.getStackTrace();
		return cause instanceof NullPointerException && stack.length > 0
				&& stack[0].getClassName().equals("io.netty.handler.codec.http2.Http2MultiplexHandler")
				&& stack[0].getMethodName().equals("channelRead");
	}

	/** The application: answers each request once its body has been read. */
	private static final class Application extends PipelineEnd {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			try {
				if (msg instanceof LastHttpContent) {
					FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
							Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII));
					response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
					ctx.writeAndFlush(response);
				}
				else if (msg instanceof HttpRequest request) {
					request.headers().get(HttpHeaderNames.HOST);
				}
			}
			finally {
				ReferenceCountUtil.release(msg);
			}
		}

	}

	/** The application on one HTTP/2 stream: answers its headers at once. */
	private static final class Http2Application extends PipelineEnd {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			try {
				if (msg instanceof Http2HeadersFrame headers && headers.isEndStream()) {
					ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), true));
				}
			}
			finally {
				ReferenceCountUtil.release(msg);
			}
		}

	}

	/** What the PROXY protocol decoder produces before the bytes: Reactor Netty reads and releases it. */
	private static final class ReleaseProxyMessages extends ChannelInboundHandlerAdapter {

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			if (msg instanceof io.netty.handler.codec.haproxy.HAProxyMessage) {
				ReferenceCountUtil.release(msg);
				return;
			}
			ctx.fireChannelRead(msg);
		}

	}

}

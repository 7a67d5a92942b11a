package io.github.serverimpl.kestrel.limits;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link FrontEndFuzzTests} found inside Netty 4.2.18, with Netty's handlers alone: a HEADERS
 * frame (END_STREAM) whose {@code :authority} has bytes above 0x7f ends its stream while its headers
 * are read, and the frame still reaches {@code Http2MultiplexHandler}, which made no stream channel
 * for it and throws a {@code NullPointerException}, which reaches the connection's exception handler
 * (the stream was reset already; no buffer is held). This test fails once a Netty upgrade fixes it:
 * then drop the fuzz test's allowance.
 */
class Http2MultiplexNullPointerTests {

	@Test
	void nettyThrowsForHeadersOfAStreamEndedWhileTheyWereRead() {
		List<Throwable> reached = new ArrayList<>();
		EmbeddedChannel channel = new EmbeddedChannel(Http2FrameCodecBuilder.forServer().build(),
				new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {

					@Override
					protected void initChannel(Http2StreamChannel stream) {
						stream.pipeline().addLast(new ChannelInboundHandlerAdapter() {

							@Override
							public void channelRead(ChannelHandlerContext ctx, Object msg) {
								ReferenceCountUtil.release(msg);
							}

						});
					}

				}), new ChannelInboundHandlerAdapter() {

					@Override
					public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
						reached.add(cause);
					}

				});
		try {
			channel.writeInbound(Http2CodecUtil.connectionPrefaceBuf());
			byte[] authority = { (byte) 0xde, (byte) 0xde, (byte) 0xde, (byte) 0xde, (byte) 0xde, (byte) 0xde,
					(byte) 0xde, 'l', 'o' };
			byte[] block = new byte[5 + authority.length];
			block[0] = (byte) 0x82; // :method GET
			block[1] = (byte) 0x86; // :scheme http
			block[2] = (byte) 0x84; // :path /
			block[3] = 0x41; // :authority, literal
			block[4] = (byte) authority.length;
			System.arraycopy(authority, 0, block, 5, authority.length);
			byte[] frames = new byte[9 + 9 + block.length];
			frames[3] = 0x04; // SETTINGS, empty
			frames[11] = (byte) block.length;
			frames[12] = 0x01; // HEADERS
			frames[13] = 0x05; // END_STREAM | END_HEADERS
			frames[17] = 0x01; // stream 1
			System.arraycopy(block, 0, frames, 18, block.length);
			channel.writeInbound(Unpooled.wrappedBuffer(frames));
			channel.runPendingTasks();
		}
		finally {
			channel.finishAndReleaseAll();
		}
		assertThat(reached).anySatisfy((cause) -> assertThat(FrontEndFuzzTests.isNettyMultiplexNullPointer(cause))
			.as("Netty's NullPointerException in Http2MultiplexHandler.channelRead: %s", cause).isTrue());
	}

}

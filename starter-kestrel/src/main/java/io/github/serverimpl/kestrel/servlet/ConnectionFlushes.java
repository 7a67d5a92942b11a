package io.github.serverimpl.kestrel.servlet;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * Netty's {@link FlushConsolidationHandler} on a connection that serves servlet requests, where
 * the codec meets the bytes. A servlet's response reaches the event loop as separate tasks
 * queued from Jetty's threads (Reactor Netty's headers, each body chunk, the end), each flushed;
 * consolidated, the flushes queued together become one write to the socket (for a small streamed
 * response, headers and body in one {@code writev} instead of three writes). A flush is put off by
 * one turn of the event loop at most; within a read, until the read completes.
 *
 * <p>Only for servlet applications: a reactive application writes on the event loop, within the
 * read, where Reactor Netty's flushes already come together, and the handler's own work cost it
 * 3 to 8% more CPU per request on {@code /plaintext}.
 */
final class ConnectionFlushes {

	static final String NAME = "kestrel.servletFlushes";

	private ConnectionFlushes() {
	}

	/**
	 * Consolidate the flushes of the connection a request came on, unless done already. Called on
	 * the connection's event loop.
	 * @param channel the request's channel: the connection, or an HTTP/2 stream of it
	 */
	static void consolidate(Channel channel) {
		Channel connection = (channel instanceof Http2StreamChannel stream) ? stream.parent() : channel;
		ChannelPipeline pipeline = connection.pipeline();
		if (pipeline.get(NAME) != null) {
			return;
		}
		ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
		if (codec == null) {
			codec = pipeline.context(Http2FrameCodec.class);
		}
		if (codec != null) {
			pipeline.addBefore(codec.name(), NAME,
					new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
		}
	}

}

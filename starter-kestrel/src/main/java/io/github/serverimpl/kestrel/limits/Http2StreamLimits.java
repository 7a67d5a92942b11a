package io.github.serverimpl.kestrel.limits;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.serverimpl.features.MinDataRate;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

/**
 * Request checks and limits on the streams of one HTTP/2 connection, between Netty's frame codec
 * and the stream multiplexer (so a refused request never reaches the application):
 * <ul>
 * <li>a request's HEADERS must carry {@code :method}, {@code :scheme} and a non-empty
 * {@code :path} (only {@code :method} and {@code :authority} for CONNECT), RFC 9113 section 8.3.1,
 * and trailers must end the stream and carry no pseudo-header, section 8.1: else
 * {@code RST_STREAM(PROTOCOL_ERROR)};</li>
 * <li>more header fields than {@code max-request-header-count}: 431;</li>
 * <li>a {@code content-length} above {@code max-request-body-size}: 413 before the body is read;
 * DATA that passes it (or the stream's own limit, see {@link #bodyLimits(int)}): 413 if the response
 * has not started, then {@code RST_STREAM(NO_ERROR)} asks the client to stop sending (section 8.1),
 * or {@code RST_STREAM(CANCEL)} if it has;</li>
 * <li>a body slower than {@code min-request-body-data-rate} after its grace period, checked once a
 * second: 408 and the stream is reset the same way (Kestrel aborts the whole connection; one slow
 * upload should not cost the other streams their requests).</li>
 * </ul>
 * Frames on closed streams never get here: Netty's connection handler answers them.
 *
 * <p>The protocol's rules on a request hold whatever the application does and whenever it answers
 * (RFC 9113 sections 6.9, 6.9.1 and 8.1): a stream error Netty's codec finds (a {@code content-length}
 * the DATA do not match, a WINDOW_UPDATE of 0, a window past 2<sup>31</sup>-1) resets the stream here
 * with its own error code, before the application can answer it. And
 * the rest of a request whose response is complete (Reactor Netty keeps reading it) is still judged,
 * and taken for one stream window of body and {@value #DRAIN_TIMEOUT_SECONDS} seconds at most; then
 * {@code RST_STREAM(NO_ERROR)} asks the client to stop sending (section 8.1: the response stands).
 *
 * <p>For the whole connection it also opens the connection's flow-control window to
 * {@code http2.initial-connection-window-size}, and, with {@code http2.keep-alive-ping-delay}, sends
 * a PING after that long without a frame from the client and closes the connection
 * ({@code GOAWAY INTERNAL_ERROR}) when no acknowledgement comes within
 * {@code http2.keep-alive-ping-timeout}.
 */
final class Http2StreamLimits extends ChannelDuplexHandler {

	static final String NAME = "kestrel.h2StreamLimits";

	/** How long a stream answered before its body ended is drained at most. */
	static final int DRAIN_TIMEOUT_SECONDS = 5;

	private final KestrelLimits limits;

	private final RejectionLog rejections;

	/** Request streams whose client side is still open; the application reads their body limits. */
	private final Map<Integer, RequestStream> open = new ConcurrentHashMap<>();

	/** Streams refused while the client was still sending: the rest of their frames are dropped. */
	private final Set<Integer> refused = new HashSet<>();

	private @Nullable ScheduledFuture<?> rateCheck;

	private @Nullable ScheduledFuture<?> pingCheck;

	private long lastFrameNanos = System.nanoTime();

	private long pingSentNanos;

	private boolean windowOpened;

	Http2StreamLimits(KestrelLimits limits, RejectionLog rejections) {
		this.limits = limits;
		this.rejections = rejections;
	}

	/**
	 * Return the body limits of a request stream, for its features.
	 * @param streamId the stream
	 * @return the limits, read-only once the client has sent the whole body
	 */
	RequestBodyLimits bodyLimits(int streamId) {
		RequestStream stream = this.open.get(streamId);
		return (stream != null) ? stream.body : RequestBodyLimits.readOnly(this.limits.maxRequestBodySize());
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof IdleStateEvent) {
			// Reactor Netty's idle handler closes the connection: the keep-alive timeout.
			ConnectionEnd.record(ctx.channel(), ConnectionEnd.KEEP_ALIVE_TIMEOUT);
		}
		super.userEventTriggered(ctx, event);
	}

	/**
	 * Reset a stream on the stream error Netty's codec found in its frames. The codec leaves that to
	 * the stream's channel, where Reactor Netty takes it for an application failure: it answers 500,
	 * logs an error and closes the stream with {@code CANCEL}, and a stream whose channel has already
	 * closed is not reset at all.
	 */
	@Override
	public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
		if (cause instanceof Http2FrameStreamException streamError && streamError.stream() != null) {
			Http2FrameStream stream = streamError.stream();
			this.open.remove(stream.id());
			// What the stream may still send goes first: DATA waiting in Netty's flow controller would
			// otherwise leave after the reset. Closing the stream ends its channel too, and the
			// application sees its request end early.
			ctx.flush();
			ctx.writeAndFlush(new DefaultHttp2ResetFrame(streamError.error()).stream(stream));
			return;
		}
		super.exceptionCaught(ctx, cause);
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		openConnectionWindow(ctx);
		Duration pingDelay = this.limits.http2().keepAlivePingDelay();
		if (pingDelay != null) {
			this.pingCheck = ctx.executor().scheduleAtFixedRate(() -> checkKeepAlive(ctx, pingDelay), 1, 1,
					TimeUnit.SECONDS);
		}
	}

	@Override
	public void channelActive(ChannelHandlerContext ctx) throws Exception {
		openConnectionWindow(ctx);
		super.channelActive(ctx);
	}

	@Override
	public void handlerRemoved(ChannelHandlerContext ctx) {
		if (this.rateCheck != null) {
			this.rateCheck.cancel(false);
			this.rateCheck = null;
		}
		if (this.pingCheck != null) {
			this.pingCheck.cancel(false);
			this.pingCheck = null;
		}
	}

	/**
	 * Widen the connection's receive window from RFC 9113's 65,535 bytes (SETTINGS only sets the
	 * streams' windows), once the server's preface is out.
	 */
	private void openConnectionWindow(ChannelHandlerContext ctx) {
		Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
		// The codec stands before this handler: once the connection is active, its preface is out.
		if (this.windowOpened || codec == null || !ctx.channel().isActive()) {
			return;
		}
		this.windowOpened = true;
		Http2Connection connection = codec.connection();
		Http2LocalFlowController flowController = connection.local().flowController();
		int delta = this.limits.http2().initialConnectionWindowSize()
				- flowController.initialWindowSize(connection.connectionStream());
		if (delta > 0) {
			try {
				flowController.incrementWindowSize(connection.connectionStream(), delta);
				ctx.flush();
			}
			catch (Http2Exception ex) {
				ctx.fireExceptionCaught(ex);
			}
		}
	}

	private void checkKeepAlive(ChannelHandlerContext ctx, Duration pingDelay) {
		long now = System.nanoTime();
		if (this.pingSentNanos != 0) {
			if (now - this.pingSentNanos > this.limits.http2().keepAlivePingTimeout().toNanos()) {
				ConnectionEnd.record(ctx.channel(), ConnectionEnd.KEEP_ALIVE_TIMEOUT);
				ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.INTERNAL_ERROR))
					.addListener(ChannelFutureListener.CLOSE);
				this.pingCheck.cancel(false);
			}
		}
		else if (now - this.lastFrameNanos > pingDelay.toNanos()) {
			this.pingSentNanos = now;
			ctx.writeAndFlush(new DefaultHttp2PingFrame(now));
		}
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.pingCheck != null) {
			this.lastFrameNanos = System.nanoTime();
			if (msg instanceof Http2PingFrame ping && ping.ack()) {
				this.pingSentNanos = 0;
			}
		}
		if (msg instanceof Http2StreamFrame frame && frame.stream() != null && !accept(ctx, frame)) {
			ReferenceCountUtil.release(msg);
			return;
		}
		ctx.fireChannelRead(msg);
		if (msg instanceof Http2HeadersFrame headers && headers.stream() != null) {
			declaredLengthChecked(ctx, headers);
		}
	}

	/**
	 * Refuse a request whose {@code content-length} is over its body limit, before its body is
	 * read. Called once the application has seen the request on its stream (same thread), so a
	 * limit it lifted for this request is heard.
	 */
	private void declaredLengthChecked(ChannelHandlerContext ctx, Http2HeadersFrame headers) {
		RequestStream stream = this.open.get(headers.stream().id());
		if (stream == null || stream.bodyBytes > 0 || stream.body.isSizeCheckedByReader()) {
			return;
		}
		Long maxBody = stream.body.getMaxRequestBodySize();
		if (maxBody != null && contentLength(headers.headers()) > maxBody) {
			this.rejections.reject(RejectionReason.REQUEST_BODY_TOO_LARGE, maxBody, ctx.channel().remoteAddress());
			refuseBody(ctx, headers.stream(), stream, RejectionReason.REQUEST_BODY_TOO_LARGE);
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (msg instanceof Http2StreamFrame frame && frame.stream() != null) {
			RequestStream stream = this.open.get(frame.stream().id());
			if (stream != null) {
				if (msg instanceof Http2ResetFrame) {
					this.open.remove(frame.stream().id());
				}
				else {
					if (msg instanceof Http2HeadersFrame) {
						stream.responseStarted = true;
					}
					boolean ended = (msg instanceof Http2HeadersFrame headers && headers.isEndStream())
							|| (msg instanceof Http2DataFrame data && data.isEndStream());
					if (ended) {
						// Once written: a reset that follows must not overtake the response's last
						// DATA, which waits in Netty's flow controller until it is flushed.
						ChannelPromise written = promise.unvoid();
						ctx.write(msg, written);
						written.addListener((future) -> responseEnded(ctx, stream));
						return;
					}
				}
			}
		}
		ctx.write(msg, promise);
	}

	/**
	 * Bound what is still taken of a request whose response is complete: one stream window of body,
	 * for {@value #DRAIN_TIMEOUT_SECONDS} seconds.
	 */
	private void responseEnded(ChannelHandlerContext ctx, RequestStream stream) {
		if (stream.responseEnded) {
			return;
		}
		stream.responseEnded = true;
		if (stream.overLimit) {
			stopDraining(ctx, stream);
			return;
		}
		Http2FrameCodec codec = ctx.pipeline().get(Http2FrameCodec.class);
		stream.drainBudget = (codec != null) ? codec.connection().local().flowController().initialWindowSize()
				: this.limits.http2().initialStreamWindowSize();
		ctx.executor().schedule(() -> {
			if (this.open.get(stream.frameStream.id()) == stream) {
				stopDraining(ctx, stream);
			}
		}, DRAIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	/** Ask the client to stop sending a request whose response is complete (RFC 9113 section 8.1). */
	private void stopDraining(ChannelHandlerContext ctx, RequestStream stream) {
		this.open.remove(stream.frameStream.id());
		ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR).stream(stream.frameStream));
	}

	/**
	 * Take one frame of a request whose response is complete: trailers are checked, and DATA counts
	 * against the drain's budget (Reactor Netty reads and discards it, giving its flow-control
	 * credit back).
	 * @return whether to pass the frame on to the stream's channel
	 */
	private boolean drain(ChannelHandlerContext ctx, RequestStream stream, Http2StreamFrame frame, boolean endStream) {
		if (frame instanceof Http2HeadersFrame headers) {
			return trailers(ctx, headers, endStream);
		}
		if (frame instanceof Http2DataFrame data) {
			stream.bodyBytes += data.content().readableBytes();
			stream.drainBudget -= data.initialFlowControlledBytes();
			if (endStream) {
				this.open.remove(data.stream().id());
			}
			else if (stream.drainBudget < 0) {
				// Closing the stream gives its unread bytes back to the connection's window.
				stopDraining(ctx, stream);
				return false;
			}
		}
		return true;
	}

	/**
	 * Check one inbound stream frame.
	 * @return whether to pass it on to the application
	 */
	private boolean accept(ChannelHandlerContext ctx, Http2StreamFrame frame) {
		int id = frame.stream().id();
		boolean endStream = (frame instanceof Http2HeadersFrame headers && headers.isEndStream())
				|| (frame instanceof Http2DataFrame data && data.isEndStream());
		if (this.refused.contains(id)) {
			if (endStream || frame instanceof Http2ResetFrame) {
				this.refused.remove(id);
			}
			return false;
		}
		if (frame instanceof Http2ResetFrame) {
			this.open.remove(id);
			return true;
		}
		RequestStream stream = this.open.get(id);
		if (stream != null && stream.responseEnded) {
			return drain(ctx, stream, frame, endStream);
		}
		if (frame instanceof Http2HeadersFrame headers) {
			return (stream == null) ? requestHeaders(ctx, headers, endStream) : trailers(ctx, headers, endStream);
		}
		if (frame instanceof Http2DataFrame data && stream != null) {
			stream.bodyBytes += data.content().readableBytes();
			if (stream.body.isSizeCheckedByReader()) {
				if (endStream) {
					this.open.remove(id);
				}
				return true;
			}
			stream.body.readStarted();
			Long maxBody = stream.body.getMaxRequestBodySize();
			if (maxBody != null && stream.bodyBytes > maxBody) {
				this.rejections.reject(RejectionReason.REQUEST_BODY_TOO_LARGE, maxBody, ctx.channel().remoteAddress());
				refuseBody(ctx, data.stream(), stream, RejectionReason.REQUEST_BODY_TOO_LARGE);
				return false;
			}
			if (endStream) {
				this.open.remove(id);
			}
		}
		return true;
	}

	private boolean requestHeaders(ChannelHandlerContext ctx, Http2HeadersFrame frame, boolean endStream) {
		Http2Headers headers = frame.headers();
		if (!isValidRequest(headers)) {
			this.rejections.reject(RejectionReason.INVALID_REQUEST_TARGET,
					"HTTP/2 request without :method, :scheme or :path", ctx.channel().remoteAddress());
			ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(frame.stream()));
			refuseRest(frame, endStream);
			return false;
		}
		if (headers.size() - pseudoHeaders(headers) > this.limits.maxRequestHeaderCount()) {
			this.rejections.reject(RejectionReason.TOO_MANY_HEADERS, this.limits.maxRequestHeaderCount(),
					ctx.channel().remoteAddress());
			respond(ctx, frame.stream(), RejectionReason.TOO_MANY_HEADERS);
			if (!endStream) {
				ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR).stream(frame.stream()));
			}
			refuseRest(frame, endStream);
			return false;
		}
		if (!endStream) {
			RequestStream stream = new RequestStream(frame.stream(),
					new RequestBodyLimits(this.limits.maxRequestBodySize(), this.limits.minRequestBodyDataRate(), true));
			stream.body.whenOverLimit(() -> ctx.executor().execute(() -> overLimitRead(ctx, stream)));
			this.open.put(frame.stream().id(), stream);
			if (this.rateCheck == null && stream.body.getMinDataRate() != null) {
				this.rateCheck = ctx.executor().scheduleAtFixedRate(() -> checkRates(ctx), 1, 1, TimeUnit.SECONDS);
			}
		}
		return true;
	}

	/**
	 * Answer a stream whose body is refused: the status if the response has not started, then a
	 * reset that tells the client to stop sending.
	 */
	private void refuseBody(ChannelHandlerContext ctx, Http2FrameStream frameStream, RequestStream stream,
			RejectionReason reason) {
		this.open.remove(frameStream.id());
		if (!stream.responseStarted) {
			respond(ctx, frameStream, reason);
		}
		ctx.writeAndFlush(new DefaultHttp2ResetFrame(stream.responseStarted ? Http2Error.CANCEL : Http2Error.NO_ERROR)
			.stream(frameStream));
	}

	/**
	 * The reader of a request's body found it over the limit, and answers 413 if it can: log it,
	 * and ask the client to stop sending once that response is complete.
	 */
	private void overLimitRead(ChannelHandlerContext ctx, RequestStream stream) {
		if (stream.overLimit) {
			return;
		}
		stream.overLimit = true;
		this.rejections.reject(RejectionReason.REQUEST_BODY_TOO_LARGE, stream.body.getMaxRequestBodySize(),
				ctx.channel().remoteAddress(), !stream.responseStarted);
		if (stream.responseEnded && this.open.get(stream.frameStream.id()) == stream) {
			stopDraining(ctx, stream);
		}
	}

	private void checkRates(ChannelHandlerContext ctx) {
		long now = System.nanoTime();
		for (RequestStream stream : this.open.values()) {
			if (stream.responseEnded) {
				// Bounded by the drain instead; the response stands.
				continue;
			}
			MinDataRate rate = stream.body.getMinDataRate();
			double seconds = (now - stream.openedNanos) / 1e9;
			if (rate != null && seconds > rate.gracePeriod().toNanos() / 1e9
					&& stream.bodyBytes / seconds < rate.bytesPerSecond()) {
				this.rejections.reject(RejectionReason.REQUEST_BODY_TOO_SLOW, rate, ctx.channel().remoteAddress());
				refuseBody(ctx, stream.frameStream, stream, RejectionReason.REQUEST_BODY_TOO_SLOW);
			}
		}
	}

	private boolean trailers(ChannelHandlerContext ctx, Http2HeadersFrame frame, boolean endStream) {
		this.open.remove(frame.stream().id());
		if (endStream && pseudoHeaders(frame.headers()) == 0) {
			return true;
		}
		this.rejections.reject(RejectionReason.INVALID_REQUEST_TARGET,
				"HTTP/2 trailers without END_STREAM or with a pseudo-header", ctx.channel().remoteAddress());
		ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR).stream(frame.stream()));
		refuseRest(frame, endStream);
		return false;
	}

	private void refuseRest(Http2HeadersFrame frame, boolean endStream) {
		if (!endStream) {
			this.refused.add(frame.stream().id());
		}
	}

	private static void respond(ChannelHandlerContext ctx, Http2FrameStream stream, RejectionReason reason) {
		HttpResponseStatus status = reason.status();
		Http2Headers headers = new DefaultHttp2Headers().status(status.codeAsText()).setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
		ctx.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true).stream(stream));
	}

	private static long contentLength(Http2Headers headers) {
		CharSequence value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		if (value == null) {
			return -1;
		}
		try {
			return Long.parseLong(value.toString().trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static int pseudoHeaders(Http2Headers headers) {
		int count = 0;
		for (Map.Entry<CharSequence, CharSequence> header : headers) {
			if (header.getKey().length() > 0 && header.getKey().charAt(0) == ':') {
				count++;
			}
		}
		return count;
	}

	private static boolean isValidRequest(Http2Headers headers) {
		CharSequence method = headers.method();
		if (method == null || method.length() == 0) {
			return false;
		}
		if (HttpMethod.CONNECT.asciiName().contentEquals(method)) {
			return headers.authority() != null;
		}
		CharSequence path = headers.path();
		return headers.scheme() != null && path != null && path.length() > 0;
	}

	/** What the handler knows of an open request stream. */
	private static final class RequestStream {

		private final Http2FrameStream frameStream;

		private final RequestBodyLimits body;

		private final long openedNanos = System.nanoTime();

		private long bodyBytes;

		private volatile boolean responseStarted;

		/** Whether the response's END_STREAM has been written: the rest of the request is drained. */
		private boolean responseEnded;

		/** How many more bytes of body are taken after the response before the client is asked to stop. */
		private long drainBudget;

		/** Whether the body's reader found it over the limit. */
		private boolean overLimit;

		RequestStream(Http2FrameStream frameStream, RequestBodyLimits body) {
			this.frameStream = frameStream;
			this.body = body;
		}

	}

}

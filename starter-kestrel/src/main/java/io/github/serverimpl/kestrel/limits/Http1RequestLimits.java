package io.github.serverimpl.kestrel.limits;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.github.serverimpl.features.MinDataRate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.jspecify.annotations.Nullable;

import org.springframework.web.server.PayloadTooLargeException;

/**
 * The request limits of one HTTP/1.1 connection, as two handlers around Netty's codec: one before
 * it sees the first byte of each request (the request-headers timeout runs from there, for the
 * whole header section, not reset per byte); one after it checks each decoded request against the
 * header-count and body-size limits and sees each response end.
 *
 * <p>The timeouts and data rates (the response's in {@link ResponseDataRate}) are checked by one
 * heartbeat per connection, once a second, as Kestrel's heartbeat does, rather than by a timer per
 * request and per response: a timeout fires within a second after it has passed.
 */
final class Http1RequestLimits {

	static final String BYTES = "kestrel.requestStart";

	static final String MESSAGES = "kestrel.requestLimits";

	static final String DISPATCH = "kestrel.requestDispatch";

	private enum State {

		/** Waiting for the next request (the keep-alive timeout applies). */
		IDLE,

		/** The first bytes of a request arrived; its header section has not. */
		HEADERS,

		/** A request is being read or answered. */
		REQUEST,

		/** The connection was refused; it closes once the answer is written. */
		REJECTED,

		/** The connection switched protocols (101): HTTP/1.1 limits no longer apply. */
		UPGRADED

	}

	private final KestrelLimits limits;

	private final KestrelStatistics statistics;

	private final RejectionLog rejections;

	private final @Nullable ConnectionLimitHandler connectionLimit;

	private State state = State.IDLE;

	private @Nullable ScheduledFuture<?> heartbeat;

	private long headersStartNanos;

	private long bodyBytes;

	/** When the body started to be timed, 0 while no body is timed. */
	private long bodyStartNanos;

	private boolean closeAfterResponse;

	/** Whether the response being written is the last because the server is shutting down. */
	private boolean closeForShutdown;

	private boolean responseStarted;

	/** Requests received and not yet answered: more than one when the client pipelines. */
	private int requestsInFlight;

	/** The limits of the request received last (its body's rate is timed as it arrives). */
	private RequestBodyLimits body = new RequestBodyLimits(null, null, false);

	/** Requests received and not yet handed to the application: pipelined ones wait in Reactor Netty. */
	private final ArrayDeque<BodySize> undispatched = new ArrayDeque<>();

	/** The body size of the request the application has, judged as the application gets the body. */
	private @Nullable BodySize dispatched;

	private final @Nullable ResponseDataRate responseRate;

	private final RequestBytesHandler bytes;

	/** A request that broke {@link RequestSyntax}'s rules behind requests still being answered. */
	private RequestValidation.@Nullable Violation pendingViolation;

	Http1RequestLimits(KestrelLimits limits, KestrelStatistics statistics,
			@Nullable ConnectionLimitHandler connectionLimit) {
		this.limits = limits;
		this.statistics = statistics;
		this.rejections = statistics.rejectionLog();
		this.connectionLimit = connectionLimit;
		MinDataRate responseRate = limits.minResponseDataRate();
		this.responseRate = (responseRate != null) ? new ResponseDataRate(responseRate) : null;
		this.bytes = new RequestBytesHandler(this, limits.maxRequestHeadersTotalSize());
	}

	ChannelInboundHandlerAdapter requestStart() {
		return this.bytes;
	}

	ChannelDuplexHandler requestLimits() {
		return new ChannelDuplexHandler() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
				if (Http1RequestLimits.this.state == State.UPGRADED) {
					ctx.fireChannelRead(msg);
					return;
				}
				if (Http1RequestLimits.this.state == State.REJECTED) {
					ReferenceCountUtil.release(msg);
					return;
				}
				if (msg instanceof HttpRequest request && !request(ctx, request)) {
					ReferenceCountUtil.release(msg);
					return;
				}
				if (msg instanceof HttpContent content && !content(ctx, content)) {
					ReferenceCountUtil.release(msg);
					return;
				}
				ctx.fireChannelRead(msg);
			}

			@Override
			public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
				if (msg instanceof HttpResponse response && !Http1RequestLimits.this.closeAfterResponse
						&& response.status().code() >= 200 && ConnectionEnd.serverStopping(ctx.channel())) {
					// A graceful shutdown: the connection closes once this response is written, rather
					// than stay open for a next request that would meet the server's close.
					Http1RequestLimits.this.closeForShutdown = true;
				}
				if (msg instanceof HttpResponse response && (Http1RequestLimits.this.closeAfterResponse
						|| Http1RequestLimits.this.closeForShutdown)) {
					response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
				}
				if (msg instanceof HttpResponse response
						&& response.status().code() == HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
					upgraded(ctx, !"h2c".equalsIgnoreCase(response.headers().get(HttpHeaderNames.UPGRADE)));
					Http1RequestLimits.this.bytes.upgradeAnswered(true);
				}
				else if (msg instanceof HttpResponse) {
					responseStarted(ctx);
				}
				if (Http1RequestLimits.this.responseRate != null) {
					// Reactor Netty writes a streamed body as plain buffers, the rest as HTTP content.
					if (msg instanceof ByteBufHolder content) {
						Http1RequestLimits.this.responseRate.written(content.content().readableBytes());
					}
					else if (msg instanceof ByteBuf bytes) {
						Http1RequestLimits.this.responseRate.written(bytes.readableBytes());
					}
				}
				if (msg instanceof LastHttpContent) {
					promise = promise.unvoid();
					promise.addListener((future) -> responseEnded(ctx));
				}
				ctx.write(msg, promise);
			}

			@Override
			public void handlerRemoved(ChannelHandlerContext ctx) {
				if (Http1RequestLimits.this.requestsInFlight > 1) {
					Http1RequestLimits.this.statistics.queuedRequests(ConnectionCountingHandler.endpoint(ctx),
							1 - Http1RequestLimits.this.requestsInFlight);
				}
				Http1RequestLimits.this.requestsInFlight = 0;
				stopHeartbeat();
			}

		};
	}

	/**
	 * The handler that stands last before Reactor Netty's bridge, where a request and its body
	 * reach the application: pipelined requests pass it only when Reactor Netty hands them over,
	 * once the requests before them are answered, so the body limit the application sets for a
	 * request (such as {@code @DisableRequestSizeLimit}) is the one its body is judged by.
	 */
	ChannelInboundHandlerAdapter requestDispatch() {
		return new ChannelInboundHandlerAdapter() {

			@Override
			public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
				State state = Http1RequestLimits.this.state;
				if (state == State.UPGRADED || state == State.REJECTED) {
					ctx.fireChannelRead(msg);
					return;
				}
				BodySize size = null;
				if (msg instanceof HttpRequest request) {
					dispatching(ctx, request);
					size = Http1RequestLimits.this.dispatched;
				}
				if (msg instanceof HttpContent content && !dispatchingContent(ctx, content)) {
					ReferenceCountUtil.release(msg);
					return;
				}
				ctx.fireChannelRead(msg);
				if (size != null && !(msg instanceof HttpContent)) {
					declaredLengthChecked(ctx, size);
				}
			}

		};
	}

	/**
	 * The connection switched protocols: HTTP/1.1 limits no longer apply. A WebSocket counts as
	 * an upgraded connection; h2c is HTTP/2, with its own limits.
	 */
	private void upgraded(ChannelHandlerContext ctx, boolean countAsUpgraded) {
		this.state = State.UPGRADED;
		stopHeartbeat();
		if (countAsUpgraded && ctx.channel().attr(ConnectionCountingHandler.UPGRADED).setIfAbsent(Boolean.TRUE) == null) {
			this.statistics.upgraded(ConnectionCountingHandler.endpoint(ctx));
			if (this.connectionLimit != null) {
				this.connectionLimit.upgraded(ctx.channel());
			}
		}
	}

	/** Whether the connection waits for the next request (its first bytes start the headers timeout). */
	boolean isIdle() {
		return this.state == State.IDLE;
	}

	boolean isRejected() {
		return this.state == State.REJECTED;
	}

	/**
	 * A request broke {@link RequestSyntax}'s rules: answer it once the requests before it are
	 * answered.
	 */
	void syntaxViolated(ChannelHandlerContext bytes, RejectionReason reason, String detail) {
		ChannelHandlerContext messages = bytes.pipeline().context(MESSAGES);
		if (this.state == State.REJECTED || messages == null) {
			return;
		}
		if (this.requestsInFlight > 0) {
			this.pendingViolation = new RequestValidation.Violation(reason, detail);
			return;
		}
		reject(messages, reason, detail);
	}

	/** A client sent more than it may before its upgrade request was answered. */
	void tooMuchBeforeUpgradeAnswer(ChannelHandlerContext bytes, int limit) {
		this.state = State.REJECTED;
		stopHeartbeat();
		logRejection(bytes, RejectionReason.DATA_BEFORE_UPGRADE_ANSWER, limit + " bytes");
		bytes.close();
	}

	/** The first bytes of a request arrived: the request-headers timeout runs from now. */
	void requestStarted(ChannelHandlerContext bytes) {
		this.state = State.HEADERS;
		this.headersStartNanos = System.nanoTime();
		if (this.heartbeat == null && (this.limits.requestHeadersTimeout() != null
				|| this.limits.minRequestBodyDataRate() != null || this.limits.minResponseDataRate() != null)) {
			ChannelHandlerContext messages = bytes.pipeline().context(MESSAGES);
			if (messages != null) {
				this.heartbeat = messages.executor().scheduleAtFixedRate(() -> heartbeat(messages), 1, 1,
						TimeUnit.SECONDS);
			}
		}
	}

	private void stopHeartbeat() {
		if (this.heartbeat != null) {
			this.heartbeat.cancel(false);
			this.heartbeat = null;
		}
	}

	/**
	 * Once a second: the request-headers timeout, the request body's rate and the response's rate.
	 */
	private void heartbeat(ChannelHandlerContext ctx) {
		if (ctx.isRemoved() || this.state == State.REJECTED || this.state == State.UPGRADED) {
			return;
		}
		long now = System.nanoTime();
		Duration headersTimeout = this.limits.requestHeadersTimeout();
		if (this.state == State.HEADERS && headersTimeout != null
				&& now - this.headersStartNanos >= headersTimeout.toNanos()
				&& ctx.pipeline().get(HttpServerCodec.class) != null) {
			reject(ctx, RejectionReason.REQUEST_HEADERS_TIMEOUT, headersTimeout);
			return;
		}
		if (this.bodyStartNanos != 0) {
			checkBodyRate(ctx, now);
		}
		if (this.responseRate != null && this.responseRate.isTiming() && this.responseRate.tooSlow(ctx, now)) {
			logRejection(ctx, RejectionReason.RESPONSE_TOO_SLOW, this.responseRate.rate());
			ResponseDataRate.abort(ctx.channel());
		}
	}

	private boolean request(ChannelHandlerContext ctx, HttpRequest request) {
		this.state = State.REQUEST;
		this.bytes.requestDecoded(request);
		this.bodyBytes = 0;
		if (request.decoderResult().isFailure()) {
			// Netty could not decode it: Reactor Netty answers 400, 414 or 431 and closes.
			ConnectionEnd.record(ctx.channel(), ConnectionEnd.BAD_REQUEST);
			return true;
		}
		if (++this.requestsInFlight > 1) {
			// Pipelined behind the request being served: Reactor Netty holds it until that one ends.
			this.statistics.queuedRequests(ConnectionCountingHandler.endpoint(ctx), 1);
		}
		RequestValidation.Violation violation = RequestValidation.check(request);
		if (violation != null) {
			reject(ctx, violation.reason(), violation.detail());
			return false;
		}
		Long maxUpgraded = this.limits.maxConcurrentUpgradedConnections();
		if (maxUpgraded != null && request.headers().contains(HttpHeaderNames.UPGRADE)
				&& this.statistics.upgradedConnections() >= maxUpgraded) {
			reject(ctx, RejectionReason.MAX_CONCURRENT_UPGRADED_CONNECTIONS, maxUpgraded);
			return false;
		}
		if (request.headers().size() > this.limits.maxRequestHeaderCount()) {
			reject(ctx, RejectionReason.TOO_MANY_HEADERS, this.limits.maxRequestHeaderCount());
			return false;
		}
		Long maxBody = this.limits.maxRequestBodySize();
		long contentLength = HttpUtil.getContentLength(request, -1L);
		RequestBodyLimits body = new RequestBodyLimits(maxBody, this.limits.minRequestBodyDataRate(), false);
		body.whenOverLimit(() -> ctx.executor().execute(() -> overLimitRead(ctx, body)));
		this.body = body;
		this.undispatched.add(new BodySize(request, body, contentLength));
		this.bodyStartNanos = (contentLength > 0 || HttpUtil.isTransferEncodingChunked(request))
				? System.nanoTime() : 0;
		return true;
	}

	/**
	 * The application got a request (Reactor Netty hands a pipelined one over once the requests
	 * before it are answered): its features are the request's own from now on.
	 */
	private void dispatching(ChannelHandlerContext ctx, HttpRequest request) {
		BodySize size = null;
		for (BodySize waiting : this.undispatched) {
			if (waiting.request == request) {
				size = waiting;
				break;
			}
		}
		this.dispatched = size;
		if (size == null) {
			// One that Netty could not decode, answered 400: it has no limits of its own.
			return;
		}
		while (this.undispatched.poll() != size) {
			// Requests before it that Reactor Netty dropped never reach the application.
		}
		this.responseStarted = false;
		ctx.channel().attr(RequestBodyLimits.KEY).set(size.limits);
	}

	/**
	 * Refuse a request whose {@code Content-Length} is over its body limit, before its body is read.
	 * Called once the application has seen the request (its handler is chosen on this thread), so
	 * a limit it lifted for this request, such as {@code @DisableRequestSizeLimit}, is heard.
	 */
	private void declaredLengthChecked(ChannelHandlerContext ctx, BodySize size) {
		Long maxBody = size.limits.getMaxRequestBodySize();
		if (this.state != State.REQUEST || size.limits.isSizeCheckedByReader() || maxBody == null
				|| size.contentLength <= maxBody) {
			return;
		}
		if (this.responseStarted) {
			// The application answered without the body: close once its response is written.
			this.closeAfterResponse = true;
			logRejection(ctx, RejectionReason.REQUEST_BODY_TOO_LARGE, maxBody, false);
			return;
		}
		// Written where the request came in, through the codec.
		ChannelHandlerContext messages = ctx.pipeline().context(MESSAGES);
		if (messages != null) {
			reject(messages, RejectionReason.REQUEST_BODY_TOO_LARGE, maxBody);
		}
	}

	/**
	 * The body's rate, read at each check, so an application that changes {@link RequestBodyLimits}
	 * before reading the body is heard.
	 */
	private void checkBodyRate(ChannelHandlerContext ctx, long now) {
		MinDataRate rate = this.body.getMinDataRate();
		double seconds = (now - this.bodyStartNanos) / 1e9;
		if (rate != null && seconds > rate.gracePeriod().toNanos() / 1e9 && this.bodyBytes / seconds < rate.bytesPerSecond()) {
			this.bodyStartNanos = 0;
			this.closeAfterResponse = true;
			logRejection(ctx, RejectionReason.REQUEST_BODY_TOO_SLOW, rate, !this.responseStarted);
			ctx.fireExceptionCaught(new RequestBodyTimeoutException("Request body slower than "
					+ RejectionReason.REQUEST_BODY_TOO_SLOW.property() + " (" + rate.bytesPerSecond() + " B/s)"));
		}
	}

	private boolean content(ChannelHandlerContext ctx, HttpContent content) {
		if (this.closeAfterResponse) {
			return false;
		}
		this.bodyBytes += content.content().readableBytes();
		if (content instanceof LastHttpContent) {
			this.bodyStartNanos = 0;
		}
		return true;
	}

	/**
	 * The application is given some of the body of its request: judge its size against the
	 * request's limit, fixed from the first body byte on (unless the reader of the body checks it).
	 * @return whether the content may go on to the application
	 */
	private boolean dispatchingContent(ChannelHandlerContext ctx, HttpContent content) {
		BodySize size = this.dispatched;
		if (size == null || size.limits.isSizeCheckedByReader()) {
			return true;
		}
		size.bytes += content.content().readableBytes();
		size.limits.readStarted();
		Long maxBody = size.limits.getMaxRequestBodySize();
		if (maxBody != null && (size.bytes > maxBody || size.contentLength > maxBody)) {
			this.dispatched = null;
			// The application already has the request: fail its body; WebFlux answers 413 if it can.
			this.closeAfterResponse = true;
			this.bodyStartNanos = 0;
			logRejection(ctx, RejectionReason.REQUEST_BODY_TOO_LARGE, maxBody, !this.responseStarted);
			ctx.fireExceptionCaught(new PayloadTooLargeException(new IllegalStateException(
					"Request body larger than " + RejectionReason.REQUEST_BODY_TOO_LARGE.property() + "=" + maxBody)));
			return false;
		}
		return true;
	}

	/**
	 * The reader of a request's body found it over the limit, and answers 413 if it can: log it,
	 * and take no more of the body (the connection closes after the response).
	 */
	private void overLimitRead(ChannelHandlerContext ctx, RequestBodyLimits limits) {
		BodySize size = this.dispatched;
		if (size == null || size.limits != limits || this.closeAfterResponse) {
			return;
		}
		this.closeAfterResponse = true;
		this.bodyStartNanos = 0;
		logRejection(ctx, RejectionReason.REQUEST_BODY_TOO_LARGE, limits.getMaxRequestBodySize(), !this.responseStarted);
	}

	private void responseStarted(ChannelHandlerContext ctx) {
		this.responseStarted = true;
		if (this.responseRate != null) {
			this.responseRate.started(ctx);
		}
	}

	private void responseEnded(ChannelHandlerContext ctx) {
		if (this.responseRate != null) {
			this.responseRate.ended();
		}
		if (this.requestsInFlight > 0 && --this.requestsInFlight > 0) {
			this.statistics.queuedRequests(ConnectionCountingHandler.endpoint(ctx), -1);
		}
		if (this.closeAfterResponse || this.closeForShutdown) {
			ctx.close();
			return;
		}
		if (this.state == State.REQUEST) {
			this.state = State.IDLE;
		}
		// UPGRADED and REJECTED stay as they are.
		if (this.requestsInFlight == 0 && this.state != State.UPGRADED && this.state != State.REJECTED) {
			RequestValidation.Violation violation = this.pendingViolation;
			if (violation != null) {
				this.pendingViolation = null;
				reject(ctx, violation.reason(), violation.detail());
			}
			else if (this.bytes.isHolding()) {
				this.bytes.upgradeAnswered(false);
			}
		}
	}

	private void logRejection(ChannelHandlerContext ctx, RejectionReason reason, Object limit) {
		logRejection(ctx, reason, limit, true);
	}

	/**
	 * Count and log a rejection.
	 * @param answered whether the client gets the reason's status, {@code false} when a response
	 * had started and the connection only closes after it
	 */
	private void logRejection(ChannelHandlerContext ctx, RejectionReason reason, Object limit, boolean answered) {
		this.rejections.reject(reason, limit, ctx.channel().remoteAddress(), answered);
		ConnectionEnd.record(ctx.channel(), reason);
	}

	private void reject(ChannelHandlerContext ctx, RejectionReason reason, Object limit) {
		this.state = State.REJECTED;
		this.bytes.off();
		stopHeartbeat();
		logRejection(ctx, reason, limit);
		FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, reason.status(),
				Unpooled.EMPTY_BUFFER);
		response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION,
				HttpHeaderValues.CLOSE);
		if (reason == RejectionReason.METHOD_NOT_ALLOWED_FOR_TARGET) {
			response.headers().set(HttpHeaderNames.ALLOW, "OPTIONS");
		}
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

	/** One request's body size: its limits, its declared length, and what the application got of it. */
	private static final class BodySize {

		private final HttpRequest request;

		private final RequestBodyLimits limits;

		private final long contentLength;

		private long bytes;

		BodySize(HttpRequest request, RequestBodyLimits limits, long contentLength) {
			this.request = request;
			this.limits = limits;
			this.contentLength = contentLength;
		}

	}

}

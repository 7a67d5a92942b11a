package io.github.serverimpl.kestrel.servlet;

import java.nio.ByteBuffer;
import java.util.concurrent.Executor;

import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.kestrel.limits.RequestBodyLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.MonoSink;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Jetty's transport for one request that Kestrel parsed: Jetty pulls the request body through
 * {@link #read()} and {@link #demand()}, one Netty buffer at a time, so the body flows only as
 * fast as the application reads it (Reactor Netty stops reading the socket meanwhile; the first
 * buffer is taken as the request is handed over, to be there when the servlet reads); Jetty's
 * {@link #send} writes go to the request's channel through a {@link ResponseWriter}, with
 * backpressure.
 *
 * <p>Servlet code runs on Jetty's thread pool, never on the event loop: tasks Jetty returns are
 * executed there unless Jetty marks them non-blocking.
 *
 * <p>The body's size limit is checked here, as the servlet reads it: the application may change
 * it until then ({@code @RequestSizeLimit} on a Spring MVC controller), on its own thread. The first
 * read fixes it; a declared {@code Content-Length} over it, or more bytes than it, fail the read
 * with 413, which Jetty answers if the response has not started.
 */
final class ServletStream implements HttpStream {

	private static final Log logger = LogFactory.getLog(ServletStream.class);

	/** The name of the handler that carries an upgraded connection's bytes to Jetty. */
	static final String TUNNEL = "kestrel.servletTunnel";

	private final String id;

	private final HttpChannel channel;

	private final Executor executor;

	private final Flux<ByteBuf> body;

	private final HttpServerResponse response;

	private final ResponseWriter writer;

	private final MonoSink<Void> done;

	private final BodySubscriber subscriber = new BodySubscriber();

	// Request body state, guarded by this.

	private boolean subscribed;

	private boolean requested;

	private boolean demanded;

	private boolean bodyEnded;

	private Content.@Nullable Chunk chunk;

	private @Nullable Throwable bodyFailure;

	/** Whether the first read has fixed the body's size limit. */
	private boolean sizeFixed;

	// The size check, fixed at the first read; the body is counted on the event loop.

	private @Nullable RequestBodyLimits limits;

	private long contentLength = -1;

	private long maxBodySize = -1;

	private long bodyBytes;

	/** Whether the exchange is over (succeeded, failed or cancelled): nothing more is written. */
	private volatile boolean exchangeEnded;

	/** Whether the connection was handed to the protocol the request upgraded it to. */
	private volatile boolean upgraded;

	private volatile long idleTimeout;

	ServletStream(String id, HttpChannel channel, Executor executor, Flux<ByteBuf> body,
			HttpServerResponse response, MonoSink<Void> done) {
		this.id = id;
		this.channel = channel;
		this.executor = executor;
		this.body = body;
		this.response = response;
		this.writer = new ResponseWriter(id, response);
		this.done = done;
		done.onCancel(this::clientGone);
	}

	/**
	 * Hand the request to Jetty: its handling runs on Jetty's thread pool.
	 * @param request the request
	 * @param features its features, for {@link RequestFeatures#of(jakarta.servlet.ServletRequest)}
	 * @param forwardedPrefix the trusted proxy's path prefix, for {@link ForwardedPrefixFilter}, or
	 * an empty string
	 * @param tls the TLS session the client's connection has, or {@code null}
	 */
	void start(MetaData.Request request, RequestFeatures features, String forwardedPrefix,
			EndPoint.@Nullable SslSessionData tls) {
		if (features.get(MaxRequestBodySizeFeature.class) instanceof RequestBodyLimits bodyLimits) {
			// Called while Kestrel hands over the request: its own size checks stand aside.
			bodyLimits.checkSizeWhenRead();
			this.limits = bodyLimits;
			this.contentLength = request.getContentLength();
		}
		this.channel.setHttpStream(this);
		Runnable task = this.channel.onRequest(request);
		this.channel.getRequest().setAttribute(RequestFeatures.ATTRIBUTE, features);
		if (!forwardedPrefix.isEmpty()) {
			this.channel.getRequest().setAttribute(ForwardedPrefixFilter.ATTRIBUTE, forwardedPrefix);
		}
		if (tls != null) {
			this.channel.getRequest().setAttribute(EndPoint.SslSessionData.ATTRIBUTE, tls);
		}
		if (hasBody(request) && !request.getHttpFields().contains(HttpHeader.EXPECT, "100-continue")) {
			// The first of the body is taken now, on the event loop, so that it is there when the
			// servlet first reads (it often came with the headers): one hand-off between threads
			// fewer. With 100-continue the client waits for the servlet to read.
			requestMore();
		}
		if (task != null) {
			this.executor.execute(task);
		}
	}

	private static boolean hasBody(MetaData.Request request) {
		return request.getContentLength() > 0 || request.getHttpFields().contains(HttpHeader.TRANSFER_ENCODING);
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public Content.@Nullable Chunk read() {
		fixSizeLimit();
		synchronized (this) {
			Content.Chunk available = this.chunk;
			if (available != null) {
				this.chunk = null;
				return available;
			}
			if (this.bodyFailure != null) {
				return Content.Chunk.from(this.bodyFailure, true);
			}
			if (this.bodyEnded) {
				return Content.Chunk.EOF;
			}
		}
		requestMore();
		return null;
	}

	@Override
	public void demand() {
		fixSizeLimit();
		boolean available;
		synchronized (this) {
			available = this.chunk != null || this.bodyEnded || this.bodyFailure != null;
			this.demanded = !available;
		}
		if (available) {
			// Not inline: Jetty's demand callback may read and demand again, which would recurse.
			this.executor.execute(this::contentAvailable);
		}
		else {
			requestMore();
		}
	}

	/**
	 * At the first read: the application can no longer change the body's size limit, and a
	 * declared length over it, or a first buffer taken before the read that is over it, fails
	 * the body before the servlet gets any of it.
	 */
	private void fixSizeLimit() {
		RequestBodyLimits bodyLimits = this.limits;
		synchronized (this) {
			if (bodyLimits == null || this.sizeFixed) {
				return;
			}
			this.sizeFixed = true;
		}
		bodyLimits.readStarted();
		Long max = bodyLimits.getMaxRequestBodySize();
		Content.Chunk taken;
		boolean cancel;
		synchronized (this) {
			this.maxBodySize = (max != null) ? max : -1;
			if (max == null || (this.contentLength <= max && this.bodyBytes <= max)) {
				return;
			}
			this.bodyFailure = tooLarge(max);
			taken = this.chunk;
			this.chunk = null;
			cancel = this.subscribed && !this.bodyEnded;
		}
		if (taken != null) {
			taken.release();
		}
		if (cancel) {
			this.subscriber.dispose();
		}
		bodyLimits.overLimit();
	}

	private static Throwable tooLarge(long max) {
		return new HttpException.RuntimeException(HttpStatus.CONTENT_TOO_LARGE.value(),
				"Request body larger than the limit of " + max + " bytes");
	}

	private void requestMore() {
		boolean subscribe;
		synchronized (this) {
			if (this.requested || this.chunk != null || this.bodyEnded || this.bodyFailure != null) {
				return;
			}
			this.requested = true;
			subscribe = !this.subscribed;
			this.subscribed = true;
		}
		if (subscribe) {
			// The subscriber asks for the first buffer as soon as it is subscribed.
			this.body.subscribe(this.subscriber);
		}
		else {
			this.subscriber.request(1);
		}
	}

	private void contentAvailable() {
		Runnable task = this.channel.onContentAvailable();
		if (task != null) {
			invoke(task);
		}
	}

	private void invoke(Runnable task) {
		if (Invocable.getInvocationType(task) == Invocable.InvocationType.NON_BLOCKING) {
			task.run();
		}
		else {
			this.executor.execute(task);
		}
	}

	@Override
	public void prepareResponse(HttpFields.Mutable headers) {
		// Kestrel frames the response (Content-Length, chunking, HTTP/2) itself.
	}

	@Override
	public void send(MetaData.@Nullable Request request, MetaData.@Nullable Response response, boolean last,
			@Nullable ByteBuffer content, Callback callback) {
		if (this.exchangeEnded) {
			// Never after the exchange: on a kept-alive connection the bytes would land in the
			// next request's response.
			callback.failed(new EofException("The exchange " + this.id + " has ended"));
			return;
		}
		this.writer.send(response, last, content, callback);
	}

	@Override
	public Runnable cancelSend(Throwable cause, Callback callback) {
		return () -> callback.failed(cause);
	}

	@Override
	public long getIdleTimeout() {
		return this.idleTimeout;
	}

	@Override
	public void setIdleTimeout(long idleTimeoutMillis) {
		// Kestrel's limits time the connection; Jetty may read the value back.
		this.idleTimeout = idleTimeoutMillis;
	}

	@Override
	public boolean isCommitted() {
		return this.writer.isCommitted();
	}

	/**
	 * The application is done and may have left some of the body unread: Kestrel deals with the
	 * rest (Reactor Netty discards it, within Kestrel's limits, and keeps the connection when it
	 * can), so Jetty is told that nothing is left, and the exchange can succeed.
	 */
	@Override
	public @Nullable Throwable consumeAvailable() {
		releaseBody();
		return null;
	}

	@Override
	public void succeeded() {
		this.exchangeEnded = true;
		releaseBody();
		if (this.channel.getRequest().getAttribute(UPGRADE_CONNECTION_ATTRIBUTE) instanceof Connection upgrade) {
			switchProtocols(upgrade);
			return;
		}
		this.writer.afterWrites(this.done::success);
	}

	/**
	 * Jetty accepted an upgrade (a WebSocket handshake) and made the connection that speaks the
	 * new protocol: send the {@code 101}, take the HTTP codec off the Netty channel and give the
	 * channel's bytes to that connection. The exchange stays open, as far as Reactor Netty can
	 * tell, until the channel closes.
	 */
	private void switchProtocols(Connection upgrade) {
		if (!(upgrade.getEndPoint() instanceof TunnelEndPoint endPoint)
				|| this.response.status().code() != HttpResponseStatus.SWITCHING_PROTOCOLS.code()) {
			this.done.error(new IllegalStateException("Cannot switch " + this.id + " to " + upgrade));
			return;
		}
		this.upgraded = true;
		// The handshake's headers, without the body framing Reactor Netty sets by default: a 101 has none.
		HttpHeaders headers = this.response.responseHeaders().copy()
			.remove(HttpHeaderNames.TRANSFER_ENCODING)
			.remove(HttpHeaderNames.CONTENT_LENGTH);
		this.response.withConnection((connection) -> {
			Channel netty = connection.channel();
			netty.eventLoop().execute(() -> {
				ChannelPipeline pipeline = netty.pipeline();
				ChannelHandlerContext codec = pipeline.context(HttpServerCodec.class);
				if (codec == null || !netty.isActive()) {
					this.executor.execute(() -> endPoint.close(new EofException("The connection closed before the upgrade")));
					netty.close();
					return;
				}
				ChannelInboundHandlerAdapter bytes = endPoint.connect();
				if (pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
					// Behind Kestrel's request limits, which see the 101 and count the upgrade.
					pipeline.addBefore(NettyPipeline.HttpTrafficHandler, TUNNEL, bytes);
				}
				else {
					pipeline.addAfter(codec.name(), TUNNEL, bytes);
				}
				pipeline.context(TUNNEL).writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
						HttpResponseStatus.SWITCHING_PROTOCOLS, Unpooled.EMPTY_BUFFER, headers,
						EmptyHttpHeaders.INSTANCE));
				// Bytes the codec read past the handshake go on to the tunnel as it is removed.
				pipeline.remove(codec.handler());
				this.executor.execute(() -> endPoint.upgrade(upgrade));
			});
		});
	}

	/**
	 * Jetty gave up on the exchange. With the whole response written (the request body failed,
	 * say, after a 413), the exchange is over as far as the client can tell, and Kestrel closes the
	 * connection if the body calls for it; otherwise the response is cut off, so the connection is
	 * aborted rather than a truncated response looking complete.
	 */
	@Override
	public void failed(Throwable cause) {
		this.exchangeEnded = true;
		releaseBody();
		if (this.writer.isEnded()) {
			logger.debug("Exchange " + this.id + " failed after its response was written", cause);
			this.writer.afterWrites(this.done::success);
		}
		else {
			this.writer.afterWrites(() -> this.done.error(cause));
		}
	}

	/**
	 * The exchange is over: a body chunk Jetty did not take is released, and the rest of the body
	 * is left to Reactor Netty, which discards it.
	 */
	private void releaseBody() {
		Content.Chunk unread;
		boolean cancel;
		synchronized (this) {
			unread = this.chunk;
			this.chunk = null;
			cancel = this.subscribed && !this.bodyEnded && this.bodyFailure == null;
			this.bodyEnded = true;
		}
		if (unread != null) {
			unread.release();
		}
		if (cancel) {
			this.subscriber.dispose();
		}
	}

	/** The client went away (Reactor Netty cancelled the exchange). */
	private void clientGone() {
		if (this.upgraded) {
			// The connection's end: the protocol it was upgraded to hears it from the tunnel.
			return;
		}
		this.exchangeEnded = true;
		releaseBody();
		Runnable task = this.channel.onRemoteFailure(new EofException("The client closed the connection"));
		if (task != null) {
			this.executor.execute(task);
		}
	}

	private static Throwable bodyFailure(Throwable ex) {
		if (ex instanceof ResponseStatusException status) {
			// A Kestrel limit (413, 408): Jetty answers with its status if the response has not started.
			int code = status.getStatusCode().value();
			HttpStatus known = HttpStatus.resolve(code);
			String reason = (status.getReason() != null) ? status.getReason()
					: (known != null) ? known.getReasonPhrase() : null;
			return new HttpException.RuntimeException(code, reason);
		}
		return ex;
	}

	private final class BodySubscriber extends BaseSubscriber<ByteBuf> {

		@Override
		protected void hookOnSubscribe(Subscription subscription) {
			subscription.request(1);
		}

		@Override
		protected void hookOnNext(ByteBuf buffer) {
			if (!buffer.isReadable()) {
				buffer.release();
				request(1);
				return;
			}
			RequestBodyLimits bodyLimits = ServletStream.this.limits;
			long max;
			long count;
			synchronized (ServletStream.this) {
				max = ServletStream.this.maxBodySize;
				count = ServletStream.this.bodyBytes += buffer.readableBytes();
			}
			if (bodyLimits != null && max >= 0 && count > max) {
				buffer.release();
				cancel();
				bodyLimits.overLimit();
				available(null, tooLarge(max));
				return;
			}
			Runnable release = buffer::release;
			available(Content.Chunk.from(buffer.nioBuffer(), false, release), null);
		}

		@Override
		protected void hookOnComplete() {
			available(null, null);
		}

		@Override
		protected void hookOnError(Throwable failure) {
			available(null, bodyFailure(failure));
		}

		private void available(Content.@Nullable Chunk next, @Nullable Throwable failure) {
			boolean wake;
			boolean discard = false;
			synchronized (ServletStream.this) {
				if (ServletStream.this.bodyEnded && next != null) {
					discard = true;
				}
				else if (next != null) {
					ServletStream.this.chunk = next;
				}
				else if (failure != null) {
					ServletStream.this.bodyFailure = failure;
				}
				else {
					ServletStream.this.bodyEnded = true;
				}
				ServletStream.this.requested = false;
				wake = ServletStream.this.demanded;
				ServletStream.this.demanded = false;
			}
			if (discard) {
				next.release();
				return;
			}
			if (wake) {
				contentAvailable();
			}
		}

	}

}

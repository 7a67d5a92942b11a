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
import reactor.core.publisher.Flux;
import reactor.core.publisher.MonoSink;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Jetty's transport for one request that Kestrel parsed: Jetty pulls the request body through
 * {@link #read()} and {@link #demand()} from a {@link ServletRequestBody}, one Netty buffer at a
 * time, so the body flows only as fast as the application reads it (Reactor Netty stops reading
 * the socket meanwhile; the first buffer is taken as the request is handed over, to be there when
 * the servlet reads); Jetty's {@link #send} writes go to the request's channel through a
 * {@link ResponseWriter}, with backpressure.
 *
 * <p>Servlet code runs on Jetty's thread pool, never on the event loop: tasks Jetty returns are
 * executed there unless Jetty marks them non-blocking.
 */
final class ServletStream implements HttpStream {

	private static final Log logger = LogFactory.getLog(ServletStream.class);

	/** The name of the handler that carries an upgraded connection's bytes to Jetty. */
	static final String TUNNEL = "kestrel.servletTunnel";

	private final String id;

	private final HttpChannel channel;

	private final Executor executor;

	private final ServletRequestBody body;

	private final HttpServerResponse response;

	private final ResponseWriter writer;

	private final MonoSink<Void> done;

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
		this.body = new ServletRequestBody(body, executor, this::contentAvailable);
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
			this.body.checkSizeWhenRead(bodyLimits, request.getContentLength());
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
			this.body.requestMore();
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
		return this.body.read();
	}

	@Override
	public void demand() {
		this.body.demand();
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
		this.body.release();
		return null;
	}

	@Override
	public void succeeded() {
		this.exchangeEnded = true;
		this.body.release();
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
		this.body.release();
		if (this.writer.isEnded()) {
			logger.debug("Exchange " + this.id + " failed after its response was written", cause);
			this.writer.afterWrites(this.done::success);
		}
		else {
			this.writer.afterWrites(() -> this.done.error(cause));
		}
	}

	/** The client went away (Reactor Netty cancelled the exchange). */
	private void clientGone() {
		if (this.upgraded) {
			// The connection's end: the protocol it was upgraded to hears it from the tunnel.
			return;
		}
		this.exchangeEnded = true;
		this.body.release();
		Runnable task = this.channel.onRemoteFailure(new EofException("The client closed the connection"));
		if (task != null) {
			this.executor.execute(task);
		}
	}

}

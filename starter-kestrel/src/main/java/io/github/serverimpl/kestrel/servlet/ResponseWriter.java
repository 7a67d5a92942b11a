package io.github.serverimpl.kestrel.servlet;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The response half of a {@link ServletStream}: what Jetty sends becomes writes on the request's
 * Netty channel, in the order Jetty sent them.
 *
 * <p>Reactor Netty writes the status line and headers (and a response sent whole, with its
 * length, and the end of the response when the exchange succeeds), so that its exchange keeps
 * its state; the body's chunks go to the channel as {@link HttpContent}, behind them. A chunk
 * written while the channel is writable is copied and its callback completes at once, as Jetty's
 * own connector completes a write the socket took: the servlet goes on without waiting for the
 * event loop. Once the channel is not writable (Netty holds more than its high-water mark for a
 * client that reads slowly), a write's callback waits until Netty has written it, so a servlet
 * that writes faster than the client reads waits.
 *
 * <p>Writes made from a thread other than the channel's event loop are queued on it in order;
 * the end of the exchange, signalled on the event loop, waits for the writes queued before it.
 */
final class ResponseWriter {

	private final String id;

	private final HttpServerResponse response;

	private final Channel channel;

	private final EventLoop eventLoop;

	/** Writes queued on the event loop and not yet handed to the channel. */
	private final AtomicInteger queued = new AtomicInteger();

	private volatile boolean committed;

	/** Whether the response has trailers: its body is then never sent with a Content-Length. */
	private volatile boolean trailers;

	/** Whether the last of the response has been handed over. */
	private volatile boolean ended;

	/** Why a write whose callback had already completed failed: later writes fail with it. */
	private volatile @Nullable Throwable failure;

	ResponseWriter(String id, HttpServerResponse response) {
		this.id = id;
		this.response = response;
		Channel[] channel = new Channel[1];
		response.withConnection((connection) -> channel[0] = connection.channel());
		this.channel = channel[0];
		this.eventLoop = this.channel.eventLoop();
	}

	boolean isCommitted() {
		return this.committed;
	}

	boolean isEnded() {
		return this.ended;
	}

	/**
	 * Write what Jetty sends.
	 * @param metaData the response's status and headers, on the first send only
	 * @param last whether this is the last of the response
	 * @param content the bytes, or {@code null}
	 * @param callback completed once Jetty may reuse {@code content}
	 */
	void send(MetaData.@Nullable Response metaData, boolean last, @Nullable ByteBuffer content, Callback callback) {
		Throwable failed = this.failure;
		if (failed != null) {
			callback.failed(failed);
			return;
		}
		boolean committing = metaData != null;
		if (committing) {
			commit(metaData);
		}
		if (last) {
			this.ended = true;
		}
		boolean hasContent = content != null && content.hasRemaining();
		if (committing && last && !this.trailers) {
			if (hasContent) {
				sendWhole(content, callback);
			}
			else {
				// Reactor Netty writes the headers, with no body, when the exchange succeeds.
				callback.succeeded();
			}
			return;
		}
		if (committing) {
			// Written now, on this thread: the body's chunks are queued behind them.
			Mono.from(this.response.sendHeaders().then()).subscribe(null, this::failed);
		}
		if (hasContent) {
			write(content, callback);
		}
		else {
			// Nothing to write: the end of the response is written when the exchange succeeds.
			callback.succeeded();
		}
	}

	/**
	 * The whole response at once: Reactor Netty sends it with a Content-Length. It completes the
	 * send before the write is done, and drops the response unreleased if the stream or
	 * connection closes first, so it goes as a copy on the heap (for the garbage collector, not
	 * from a pool), and Jetty's buffer (or the servlet's array) is free at once.
	 */
	private void sendWhole(ByteBuffer content, Callback callback) {
		ByteBuf copy = Unpooled.copiedBuffer(content.duplicate());
		content.position(content.limit());
		Mono.from(this.response.send(Mono.just(copy)).then()).subscribe(null, callback::failed, callback::succeeded);
	}

	private void write(ByteBuffer content, Callback callback) {
		boolean early = this.channel.isWritable();
		ByteBuf data;
		if (early) {
			data = this.channel.alloc().buffer(content.remaining());
			data.writeBytes(content.duplicate());
		}
		else {
			data = Unpooled.wrappedBuffer(content);
		}
		content.position(content.limit());
		HttpContent chunk = new DefaultHttpContent(data);
		Runnable writeChunk = () -> this.channel.writeAndFlush(chunk).addListener((future) -> {
			if (future.isSuccess()) {
				if (!early) {
					callback.succeeded();
				}
			}
			else {
				failed(future.cause());
				if (!early) {
					callback.failed(future.cause());
				}
			}
		});
		if (!inOrder(writeChunk)) {
			chunk.release();
			callback.failed(new EofException("The exchange " + this.id + " cannot write: its event loop is gone"));
			return;
		}
		if (early) {
			callback.succeeded();
		}
	}

	/**
	 * Run an action on the event loop after the writes queued before it: at once when called on
	 * the event loop with nothing queued, else queued.
	 * @param action the action
	 * @return whether the action ran or was queued
	 */
	boolean inOrder(Runnable action) {
		if (this.eventLoop.inEventLoop() && this.queued.get() == 0) {
			action.run();
			return true;
		}
		this.queued.incrementAndGet();
		try {
			this.eventLoop.execute(() -> {
				this.queued.decrementAndGet();
				action.run();
			});
			return true;
		}
		catch (RejectedExecutionException ex) {
			this.queued.decrementAndGet();
			return false;
		}
	}

	/**
	 * Run an action once the writes queued so far have been handed to the channel, such as
	 * ending the exchange (Reactor Netty then writes the end of the response, or closes the
	 * connection, which must come after them).
	 * @param action the action
	 */
	void afterWrites(Runnable action) {
		if (!this.eventLoop.inEventLoop() || this.queued.get() == 0 || !inOrder(action)) {
			// From another thread Reactor Netty queues its own writes behind ours.
			action.run();
		}
	}

	private void failed(Throwable cause) {
		if (this.failure == null) {
			this.failure = cause;
		}
	}

	private void commit(MetaData.Response metaData) {
		this.committed = true;
		this.response.status(HttpResponseStatus.valueOf(metaData.getStatus()));
		Supplier<HttpFields> trailerFields = metaData.getTrailersSupplier();
		if (trailerFields != null) {
			// Sent after the body (chunked on HTTP/1.1, where Reactor Netty sends those the Trailer
			// header names; a HEADERS frame on HTTP/2), as read when the response ends.
			this.trailers = true;
			this.response.trailerHeaders((headers) -> {
				HttpFields fields = trailerFields.get();
				if (fields != null) {
					for (HttpField field : fields) {
						headers.add(field.getName(), field.getValue());
					}
				}
			});
		}
		HttpHeaders headers = this.response.responseHeaders();
		Set<String> replaced = new HashSet<>();
		for (HttpField field : metaData.getHttpFields()) {
			if (this.trailers && field.getHeader() == HttpHeader.CONTENT_LENGTH) {
				// Jetty knows the length of a response it buffered whole; trailers need chunks.
				continue;
			}
			String name = field.getName();
			if (replaced.add(name.toLowerCase(Locale.ROOT))) {
				headers.set(name, field.getValue());
			}
			else {
				headers.add(name, field.getValue());
			}
		}
	}

}

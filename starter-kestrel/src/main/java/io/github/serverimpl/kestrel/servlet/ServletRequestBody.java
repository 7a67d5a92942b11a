package io.github.serverimpl.kestrel.servlet;

import java.util.concurrent.Executor;

import io.github.serverimpl.kestrel.limits.RequestBodyLimits;
import io.netty.buffer.ByteBuf;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.io.Content;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The request body of a {@link ServletStream}, as Jetty pulls it: one Netty buffer at a time, asked
 * for only when Jetty reads or demands (or, once, as the request is handed over), so the body flows
 * as fast as the application reads it.
 *
 * <p>The body's size limit is checked here, as the servlet reads it: the application may change
 * it until then ({@code @RequestSizeLimit} on a Spring MVC controller), on its own thread. The first
 * read fixes it; a declared {@code Content-Length} over it, or more bytes than it, fail the read
 * with 413, which Jetty answers if the response has not started.
 */
final class ServletRequestBody {

	private final Flux<ByteBuf> body;

	private final Executor executor;

	/** Wakes Jetty's demand: run on the event loop, or on the executor when Jetty demands. */
	private final Runnable available;

	private final BodySubscriber subscriber = new BodySubscriber();

	// Guarded by this.

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

	ServletRequestBody(Flux<ByteBuf> body, Executor executor, Runnable available) {
		this.body = body;
		this.executor = executor;
		this.available = available;
	}

	/**
	 * Check Kestrel's size limit on the body as the servlet reads it, not as it arrives. Called
	 * while Kestrel hands over the request: its own size checks stand aside.
	 * @param bodyLimits the request's limits
	 * @param contentLength the declared length, or -1
	 */
	void checkSizeWhenRead(RequestBodyLimits bodyLimits, long contentLength) {
		bodyLimits.checkSizeWhenRead();
		this.limits = bodyLimits;
		this.contentLength = contentLength;
	}

	/**
	 * Jetty reads: the next chunk, the body's end or failure, or {@code null} when none is there yet
	 * (more is asked for).
	 * @return the chunk, or {@code null}
	 */
	Content.@Nullable Chunk read() {
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

	/** Jetty demands: it is woken when a chunk, the end or a failure is there. */
	void demand() {
		fixSizeLimit();
		boolean available;
		synchronized (this) {
			available = this.chunk != null || this.bodyEnded || this.bodyFailure != null;
			this.demanded = !available;
		}
		if (available) {
			// Not inline: Jetty's demand callback may read and demand again, which would recurse.
			this.executor.execute(this.available);
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

	/** Ask for the next buffer, unless one is there or asked for, or the body is over. */
	void requestMore() {
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

	/**
	 * The exchange is over: a body chunk Jetty did not take is released, and the rest of the body
	 * is left to Reactor Netty, which discards it.
	 */
	void release() {
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
			RequestBodyLimits bodyLimits = ServletRequestBody.this.limits;
			long max;
			long count;
			synchronized (ServletRequestBody.this) {
				max = ServletRequestBody.this.maxBodySize;
				count = ServletRequestBody.this.bodyBytes += buffer.readableBytes();
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
			synchronized (ServletRequestBody.this) {
				if (ServletRequestBody.this.bodyEnded && next != null) {
					discard = true;
				}
				else if (next != null) {
					ServletRequestBody.this.chunk = next;
				}
				else if (failure != null) {
					ServletRequestBody.this.bodyFailure = failure;
				}
				else {
					ServletRequestBody.this.bodyEnded = true;
				}
				ServletRequestBody.this.requested = false;
				wake = ServletRequestBody.this.demanded;
				ServletRequestBody.this.demanded = false;
			}
			if (discard) {
				next.release();
				return;
			}
			if (wake) {
				ServletRequestBody.this.available.run();
			}
		}

	}

}

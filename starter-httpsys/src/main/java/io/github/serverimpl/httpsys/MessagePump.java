package io.github.serverimpl.httpsys;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.serverimpl.httpsys.nativeapi.HttpApiException;
import io.github.serverimpl.httpsys.nativeapi.ReceivedRequest;
import io.github.serverimpl.httpsys.nativeapi.RequestQueue;
import io.github.serverimpl.server.FeatureRequestHandler;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.http.HttpHeaders;

/**
 * Receives requests from the queue on {@code max-accepts} threads, each waiting in a synchronous
 * {@code HttpReceiveHttpRequest}, as ASP.NET Core's {@code MessagePump} keeps {@code MaxAccepts}
 * receives outstanding. A thread hands each request to the application and waits for the next;
 * the application answers asynchronously. The threads end when the queue is shut down.
 */
final class MessagePump {

	private static final Log logger = LogFactory.getLog(MessagePump.class);

	private final RequestQueue queue;

	private final HttpSysOptions options;

	private final FeatureRequestHandler handler;

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicInteger activeRequests = new AtomicInteger();

	/** Notified when the last active request ends and when the pump stops. */
	private final Object idle = new Object();

	private volatile boolean running;

	MessagePump(RequestQueue queue, HttpSysOptions options, FeatureRequestHandler handler) {
		this.queue = queue;
		this.options = options;
		this.handler = handler;
	}

	void start() {
		this.running = true;
		Charset headerCharset = this.options.useLatin1RequestHeaders() ? StandardCharsets.ISO_8859_1
				: StandardCharsets.UTF_8;
		for (int i = 0; i < this.options.maxAccepts(); i++) {
			RequestQueue.Receiver receiver = this.queue.receiver(headerCharset);
			Thread thread = new Thread(() -> receive(receiver), "httpsys-receive-" + i);
			thread.setDaemon(true);
			this.threads.add(thread);
			thread.start();
		}
	}

	private void receive(RequestQueue.Receiver receiver) {
		while (this.running) {
			ReceivedRequest request;
			try {
				request = receiver.receive();
			}
			catch (HttpApiException ex) {
				if (this.running) {
					logger.warn("Receiving a request failed; receiving the next", ex);
					pause();
				}
				continue;
			}
			catch (RuntimeException ex) {
				logger.error("Reading a request HTTP.sys delivered failed; receiving the next", ex);
				continue;
			}
			if (request == null) {
				return;
			}
			dispatch(request);
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void dispatch(ReceivedRequest request) {
		HttpSysContext context = new HttpSysContext(this.queue, request, this.options);
		if (request.user() == null && !this.options.authentication().allowAnonymous()
				&& !this.options.authentication().schemes().isEmpty()) {
			challenge(context);
			return;
		}
		this.activeRequests.incrementAndGet();
		try {
			this.handler.handle(context.features()).whenComplete((ignored, ex) -> {
				if (ex != null) {
					logger.error("The application failed a request without answering it", ex);
					context.abort();
				}
				requestEnded();
			});
		}
		catch (RuntimeException ex) {
			requestEnded();
			logger.error("The application failed to take a request", ex);
			context.abort();
		}
	}

	private void requestEnded() {
		if (this.activeRequests.decrementAndGet() == 0) {
			synchronized (this.idle) {
				this.idle.notifyAll();
			}
		}
	}

	/**
	 * Wait until the application has answered every request handed to it, or the pump stops.
	 * @return whether no request is active
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	boolean awaitIdle() throws InterruptedException {
		synchronized (this.idle) {
			while (this.activeRequests.get() > 0 && this.running) {
				this.idle.wait();
			}
		}
		return this.activeRequests.get() == 0;
	}

	/**
	 * Answer a request without an authenticated user where anonymous requests are not allowed: 401
	 * with a challenge per scheme (HTTP.sys runs the handshake that follows).
	 */
	private void challenge(HttpSysContext context) {
		HttpSysResponse response = context.response();
		response.setStatusCode(401);
		for (AuthenticationScheme scheme : AuthenticationScheme.values()) {
			if (this.options.authentication().schemes().contains(scheme)) {
				response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, scheme.challenge());
			}
		}
		response.getHeaders().setContentLength(0);
		try {
			response.complete();
		}
		catch (IOException ex) {
			logger.debug("Client went away before its 401", ex);
		}
	}

	/**
	 * Stop taking requests and wait for the receiving threads; the queue must be shut down first so
	 * that the receives they wait in return.
	 * @param timeoutMillis how long to wait for each thread
	 */
	void stop(long timeoutMillis) {
		this.running = false;
		synchronized (this.idle) {
			this.idle.notifyAll();
		}
		for (Thread thread : this.threads) {
			try {
				TimeUnit.MILLISECONDS.timedJoin(thread, timeoutMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	boolean isStopped() {
		return this.threads.stream().noneMatch(Thread::isAlive);
	}

}

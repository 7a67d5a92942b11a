package io.github.serverimpl.kestrel.limits;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one Kestrel server counts, as the source of its metrics: open connections, connections
 * accepted and the time they stayed open, queued requests and rejections by reason. Free of any
 * metrics library: the totals are read here, and a {@link Listener} (the Micrometer meters) hears
 * each event with its endpoint, protocol and end reason.
 */
public final class KestrelStatistics {

	private final AtomicLong activeConnections = new AtomicLong();

	private final AtomicLong upgradedConnections = new AtomicLong();

	private final AtomicLong queuedRequests = new AtomicLong();

	private final LongAdder connections = new LongAdder();

	private final LongAdder connectionNanos = new LongAdder();

	private final LongAdder tlsHandshakes = new LongAdder();

	private final LongAdder tlsHandshakeNanos = new LongAdder();

	private final LongAdder failedTlsHandshakes = new LongAdder();

	private final RejectionLog rejections = new RejectionLog();

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/**
	 * Hear each connection and request event from now on.
	 * @param listener the listener
	 */
	public void addListener(Listener listener) {
		this.listeners.add(listener);
	}

	/**
	 * Return the connections open now.
	 * @return the count
	 */
	public long activeConnections() {
		return this.activeConnections.get();
	}

	/**
	 * Return the upgraded (WebSocket) connections open now.
	 * @return the count
	 */
	public long upgradedConnections() {
		return this.upgradedConnections.get();
	}

	/**
	 * Return the requests received but not yet handed to the application (HTTP/1.1 requests
	 * pipelined behind the one being served).
	 * @return the count
	 */
	public long queuedRequests() {
		return this.queuedRequests.get();
	}

	/**
	 * Return the connections that have closed since start.
	 * @return the count
	 */
	public long closedConnections() {
		return this.connections.sum();
	}

	/**
	 * Return how long the closed connections stayed open, in total.
	 * @return seconds
	 */
	public double closedConnectionSeconds() {
		return this.connectionNanos.sum() / 1e9;
	}

	/**
	 * Return the TLS handshakes completed since start, successful or not.
	 * @return the count
	 */
	public long tlsHandshakes() {
		return this.tlsHandshakes.sum();
	}

	/**
	 * Return how long the TLS handshakes took, in total.
	 * @return seconds
	 */
	public double tlsHandshakeSeconds() {
		return this.tlsHandshakeNanos.sum() / 1e9;
	}

	/**
	 * Return the TLS handshakes that failed since start.
	 * @return the count
	 */
	public long failedTlsHandshakes() {
		return this.failedTlsHandshakes.sum();
	}

	/**
	 * Return how often the server refused for a reason.
	 * @param reason the reason
	 * @return the count since start
	 */
	public long rejections(RejectionReason reason) {
		return this.rejections.count(reason);
	}

	RejectionLog rejectionLog() {
		return this.rejections;
	}

	void tlsHandshake(String endpoint, long nanos, boolean success) {
		this.tlsHandshakes.increment();
		this.tlsHandshakeNanos.add(nanos);
		if (!success) {
			this.failedTlsHandshakes.increment();
		}
		this.listeners.forEach((listener) -> listener.tlsHandshake(endpoint, nanos, success));
	}

	void upgraded(String endpoint) {
		this.upgradedConnections.incrementAndGet();
		this.listeners.forEach((listener) -> listener.upgradedConnections(endpoint, 1));
	}

	void upgradedClosed(String endpoint) {
		this.upgradedConnections.decrementAndGet();
		this.listeners.forEach((listener) -> listener.upgradedConnections(endpoint, -1));
	}

	void queuedRequests(String endpoint, int delta) {
		this.queuedRequests.addAndGet(delta);
		this.listeners.forEach((listener) -> listener.queuedRequests(endpoint, delta));
	}

	void connectionOpened(String endpoint) {
		this.activeConnections.incrementAndGet();
		this.listeners.forEach((listener) -> listener.connectionOpened(endpoint));
	}

	void connectionClosed(String endpoint, String protocol, String endReason, long openNanos) {
		this.activeConnections.decrementAndGet();
		this.connections.increment();
		this.connectionNanos.add(openNanos);
		this.listeners.forEach((listener) -> listener.connectionClosed(endpoint, protocol, endReason, openNanos));
	}

	/**
	 * Hears what a server counts, with the endpoint (its name in
	 * {@code server.kestrel.endpoints}), called on the connection's event loop.
	 */
	public interface Listener {

		/**
		 * A connection opened.
		 * @param endpoint the endpoint
		 */
		default void connectionOpened(String endpoint) {
		}

		/**
		 * A connection closed.
		 * @param endpoint the endpoint
		 * @param protocol {@code HTTP/1.1} or {@code HTTP/2}, or {@code none} if it ended before one was set up
		 * @param endReason a {@link ConnectionEnd} or {@link RejectionReason} tag
		 * @param openNanos how long it stayed open
		 */
		default void connectionClosed(String endpoint, String protocol, String endReason, long openNanos) {
		}

		/**
		 * A connection upgraded (+1), or an upgraded one closed (-1).
		 * @param endpoint the endpoint
		 * @param delta the change
		 */
		default void upgradedConnections(String endpoint, int delta) {
		}

		/**
		 * Requests joined (+) or left (-) the queue.
		 * @param endpoint the endpoint
		 * @param delta the change
		 */
		default void queuedRequests(String endpoint, int delta) {
		}

		/**
		 * A TLS handshake ended.
		 * @param endpoint the endpoint
		 * @param nanos how long it took
		 * @param success whether it succeeded
		 */
		default void tlsHandshake(String endpoint, long nanos, boolean success) {
		}

	}

}

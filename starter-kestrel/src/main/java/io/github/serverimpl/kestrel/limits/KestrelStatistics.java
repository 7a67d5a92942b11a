package io.github.serverimpl.kestrel.limits;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What one Kestrel server counts, as the source of its metrics: open connections, connections
 * accepted and the time they stayed open, and rejections by reason. Free of any metrics library;
 * the Micrometer meters read it.
 */
public final class KestrelStatistics {

	private final AtomicLong activeConnections = new AtomicLong();

	private final AtomicLong upgradedConnections = new AtomicLong();

	private final LongAdder connections = new LongAdder();

	private final LongAdder connectionNanos = new LongAdder();

	private final LongAdder tlsHandshakes = new LongAdder();

	private final LongAdder tlsHandshakeNanos = new LongAdder();

	private final LongAdder failedTlsHandshakes = new LongAdder();

	private final RejectionLog rejections = new RejectionLog();

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

	void tlsHandshake(long nanos, boolean success) {
		this.tlsHandshakes.increment();
		this.tlsHandshakeNanos.add(nanos);
		if (!success) {
			this.failedTlsHandshakes.increment();
		}
	}

	void upgraded() {
		this.upgradedConnections.incrementAndGet();
	}

	void upgradedClosed() {
		this.upgradedConnections.decrementAndGet();
	}

	void connectionOpened() {
		this.activeConnections.incrementAndGet();
	}

	void connectionClosed(long openNanos) {
		this.activeConnections.decrementAndGet();
		this.connections.increment();
		this.connectionNanos.add(openNanos);
	}

}

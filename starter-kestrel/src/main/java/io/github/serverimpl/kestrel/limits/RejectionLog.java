package io.github.serverimpl.kestrel.limits;

import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Logs and counts rejections: WARN at most once a minute per reason (naming the limit and its
 * property), DEBUG otherwise; a count per reason for metrics.
 */
public final class RejectionLog {

	private static final Log logger = LogFactory.getLog(RejectionLog.class);

	private static final long WARN_INTERVAL_NANOS = 60_000_000_000L;

	private final Map<RejectionReason, AtomicLong> counts = new EnumMap<>(RejectionReason.class);

	private final Map<RejectionReason, AtomicLong> lastWarning = new EnumMap<>(RejectionReason.class);

	/**
	 * Create a log with every count at zero.
	 */
	public RejectionLog() {
		for (RejectionReason reason : RejectionReason.values()) {
			this.counts.put(reason, new AtomicLong());
			this.lastWarning.put(reason, new AtomicLong(System.nanoTime() - WARN_INTERVAL_NANOS));
		}
	}

	/**
	 * Record a rejection.
	 * @param reason why
	 * @param limit the limit in force, as the user set it
	 * @param peer the client, if known
	 */
	void reject(RejectionReason reason, Object limit, @Nullable SocketAddress peer) {
		reject(reason, limit, peer, true);
	}

	/**
	 * Record a rejection.
	 * @param reason why
	 * @param limit the limit in force, as the user set it
	 * @param peer the client, if known
	 * @param answered whether the reason's status is sent; {@code false} once a response has
	 * started, when the connection can only be closed after it
	 */
	void reject(RejectionReason reason, Object limit, @Nullable SocketAddress peer, boolean answered) {
		this.counts.get(reason).incrementAndGet();
		String message = describe(reason, limit, peer, answered);
		if (!reason.isLimit()) {
			// Malformed requests are the client's problem: DEBUG only, as Kestrel logs bad requests.
			if (logger.isDebugEnabled()) {
				logger.debug(message);
			}
			return;
		}
		AtomicLong last = this.lastWarning.get(reason);
		long now = System.nanoTime();
		long previous = last.get();
		if (now - previous >= WARN_INTERVAL_NANOS && last.compareAndSet(previous, now)) {
			logger.warn(message + " (further rejections for this reason are logged at DEBUG for a minute)");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

	private static String describe(RejectionReason reason, Object limit, @Nullable SocketAddress peer,
			boolean answered) {
		String answer;
		if (reason.status() == null) {
			answer = "closed without a response";
		}
		else if (answered) {
			answer = "answered " + reason.status().code() + " and closed";
		}
		else {
			answer = "closed after the response that had already started (too late for a " + reason.status().code() + ")";
		}
		String detail = (reason.property() != null) ? reason.property() + "=" + limit : String.valueOf(limit);
		return "Rejected " + ((peer != null) ? "connection from " + peer : "a connection") + ": " + reason + " ("
				+ detail + "), " + answer;
	}

	/**
	 * Return how many times the server refused for a reason.
	 * @param reason the reason
	 * @return the count since start
	 */
	public long count(RejectionReason reason) {
		return this.counts.get(reason).get();
	}

}

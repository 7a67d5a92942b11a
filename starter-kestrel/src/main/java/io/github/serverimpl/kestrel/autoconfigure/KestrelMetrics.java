package io.github.serverimpl.kestrel.autoconfigure;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.serverimpl.kestrel.limits.ConnectionEnd;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.limits.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Kestrel's meters, after those of Kestrel for .NET, each tagged with the {@code endpoint} (its
 * name in {@code server.kestrel.endpoints}):
 * <ul>
 * <li>{@code kestrel.active.connections}, {@code kestrel.upgraded.connections} and
 * {@code kestrel.queued.requests} (HTTP/1.1 requests pipelined behind the one being served):
 * gauges;</li>
 * <li>{@code kestrel.connection.duration}: a timer also tagged with the {@code protocol}
 * the connection was set up for ({@code HTTP/1.1}, {@code HTTP/2}; {@code none} if it ended before, as
 * after a failed TLS handshake) and the {@code end.reason} (a
 * {@link ConnectionEnd} such as {@code keep_alive_timeout}, or the {@link RejectionReason} that
 * closed it);</li>
 * <li>{@code kestrel.tls.handshake.duration} (tagged {@code result=success|failure}) and
 * {@code kestrel.tls.handshake.failures};</li>
 * <li>{@code kestrel.rejections}, tagged with the {@link RejectionReason} (limits and malformed
 * requests alike; not by endpoint).</li>
 * </ul>
 * An endpoint's gauges appear with its first connection.
 */
class KestrelMetrics implements MeterBinder, KestrelStatistics.Listener {

	private final KestrelStatistics statistics;

	private final Map<String, EndpointGauges> endpoints = new ConcurrentHashMap<>();

	private volatile MeterRegistry registry;

	KestrelMetrics(KestrelStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		for (RejectionReason reason : RejectionReason.values()) {
			FunctionCounter.builder("kestrel.rejections", this.statistics, (stats) -> stats.rejections(reason))
				.tag("reason", reason.tag())
				.description("Connections and requests the server refused, by reason")
				.register(registry);
		}
		this.statistics.addListener(this);
	}

	@Override
	public void connectionOpened(String endpoint) {
		gauges(endpoint).active.incrementAndGet();
	}

	@Override
	public void connectionClosed(String endpoint, String protocol, String endReason, long openNanos) {
		gauges(endpoint).active.decrementAndGet();
		Timer.builder("kestrel.connection.duration")
			.tags(Tags.of("endpoint", endpoint, "protocol", protocol, "end.reason", endReason))
			.description("How long connections stayed open, by why they ended")
			.register(this.registry)
			.record(openNanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void upgradedConnections(String endpoint, int delta) {
		gauges(endpoint).upgraded.addAndGet(delta);
	}

	@Override
	public void queuedRequests(String endpoint, int delta) {
		gauges(endpoint).queued.addAndGet(delta);
	}

	@Override
	public void tlsHandshake(String endpoint, long nanos, boolean success) {
		Timer.builder("kestrel.tls.handshake.duration")
			.tags(Tags.of("endpoint", endpoint, "result", success ? "success" : "failure"))
			.description("How long TLS handshakes took")
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
		if (!success) {
			Counter.builder("kestrel.tls.handshake.failures")
				.tag("endpoint", endpoint)
				.description("TLS handshakes that failed")
				.register(this.registry)
				.increment();
		}
	}

	private EndpointGauges gauges(String endpoint) {
		return this.endpoints.computeIfAbsent(endpoint, (name) -> new EndpointGauges(this.registry, name));
	}

	/** The gauges of one endpoint. */
	private static final class EndpointGauges {

		private final AtomicLong active = new AtomicLong();

		private final AtomicLong upgraded = new AtomicLong();

		private final AtomicLong queued = new AtomicLong();

		EndpointGauges(MeterRegistry registry, String endpoint) {
			Gauge.builder("kestrel.active.connections", this.active, AtomicLong::get)
				.tag("endpoint", endpoint)
				.description("Connections open now")
				.register(registry);
			Gauge.builder("kestrel.upgraded.connections", this.upgraded, AtomicLong::get)
				.tag("endpoint", endpoint)
				.description("Upgraded (WebSocket) connections open now")
				.register(registry);
			Gauge.builder("kestrel.queued.requests", this.queued, AtomicLong::get)
				.tag("endpoint", endpoint)
				.description("Requests received and waiting for the one before them on their connection")
				.register(registry);
		}

	}

}

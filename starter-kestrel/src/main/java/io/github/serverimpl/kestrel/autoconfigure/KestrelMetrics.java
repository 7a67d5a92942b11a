package io.github.serverimpl.kestrel.autoconfigure;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.limits.RejectionReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Kestrel's meters, after those of Kestrel for .NET: {@code kestrel.active.connections},
 * {@code kestrel.upgraded.connections}, {@code kestrel.connection.duration},
 * {@code kestrel.tls.handshake.duration} and {@code kestrel.tls.handshake.failures}, and
 * {@code kestrel.rejections} tagged with the {@link RejectionReason} (limits and malformed requests
 * alike).
 */
class KestrelMetrics implements MeterBinder {

	private final KestrelStatistics statistics;

	KestrelMetrics(KestrelStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("kestrel.active.connections", this.statistics, KestrelStatistics::activeConnections)
			.description("Connections open now")
			.register(registry);
		Gauge.builder("kestrel.upgraded.connections", this.statistics, KestrelStatistics::upgradedConnections)
			.description("Upgraded (WebSocket) connections open now")
			.register(registry);
		FunctionTimer.builder("kestrel.connection.duration", this.statistics, KestrelStatistics::closedConnections,
				KestrelStatistics::closedConnectionSeconds, TimeUnit.SECONDS)
			.description("How long closed connections stayed open")
			.register(registry);
		FunctionTimer.builder("kestrel.tls.handshake.duration", this.statistics, KestrelStatistics::tlsHandshakes,
				KestrelStatistics::tlsHandshakeSeconds, TimeUnit.SECONDS)
			.description("How long TLS handshakes took, successful or not")
			.register(registry);
		FunctionCounter.builder("kestrel.tls.handshake.failures", this.statistics,
				KestrelStatistics::failedTlsHandshakes)
			.description("TLS handshakes that failed")
			.register(registry);
		for (RejectionReason reason : RejectionReason.values()) {
			FunctionCounter.builder("kestrel.rejections", this.statistics, (stats) -> stats.rejections(reason))
				.tag("reason", reason.name().toLowerCase(Locale.ROOT))
				.description("Connections and requests the server refused, by reason")
				.register(registry);
		}
	}

}

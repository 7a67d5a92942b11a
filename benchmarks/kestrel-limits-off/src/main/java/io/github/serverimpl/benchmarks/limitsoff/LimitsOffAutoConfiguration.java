package io.github.serverimpl.benchmarks.limitsoff;

import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.limits.KestrelLimits;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Turns Kestrel's limits off, for the benchmark that prices them. Every limit that can be absent
 * is absent: connection counts, body size, keep-alive and request-headers timeouts, both data
 * rates. The rest cannot be off and are set as wide as they go: request line, header section and
 * header count (Netty's decoder and the count check still run, at no cost that depends on the
 * value) and the HTTP/2 settings (always sent).
 *
 * <p>The properties cannot say all of this: an empty {@code server.kestrel.limits.*} value leaves
 * the default in place, so the benchmark adds this class to the demo jar's class path instead.
 */
@AutoConfiguration(afterName = "io.github.serverimpl.kestrel.autoconfigure.KestrelAutoConfiguration")
public final class LimitsOffAutoConfiguration {

	/** The widest HTTP/1.1 request line and header section: Netty takes an int. */
	private static final int WIDEST = Integer.MAX_VALUE;

	@Bean
	WebServerFactoryCustomizer<KestrelReactiveWebServerFactory> kestrelLimitsOff() {
		return new LimitsOff();
	}

	private static final class LimitsOff implements WebServerFactoryCustomizer<KestrelReactiveWebServerFactory>, Ordered {

		@Override
		public void customize(KestrelReactiveWebServerFactory factory) {
			KestrelLimits.Http2 http2 = new KestrelLimits.Http2(Integer.MAX_VALUE,
					KestrelLimits.Http2.DEFAULT_HEADER_TABLE_SIZE, KestrelLimits.Http2.DEFAULT_MAX_FRAME_SIZE, WIDEST,
					KestrelLimits.Http2.DEFAULT_INITIAL_STREAM_WINDOW_SIZE);
			factory.setLimits(new KestrelLimits(null, null, null, WIDEST, WIDEST, Integer.MAX_VALUE, null, null, null,
					null, http2));
		}

		@Override
		public int getOrder() {
			// After the customizer that maps server.kestrel.limits.* (order 10).
			return Ordered.LOWEST_PRECEDENCE;
		}

	}

}

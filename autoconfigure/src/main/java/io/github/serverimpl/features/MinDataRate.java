package io.github.serverimpl.features;

import java.time.Duration;

/**
 * A minimum data rate, as Kestrel's {@code MinDataRate}: measured once the grace period is over,
 * a transfer slower than {@code bytesPerSecond} is cut off.
 *
 * @param bytesPerSecond the slowest acceptable rate, more than 0
 * @param gracePeriod how long the transfer may take before the rate is measured
 */
public record MinDataRate(double bytesPerSecond, Duration gracePeriod) {

	/**
	 * Validate the rate.
	 */
	public MinDataRate {
		if (bytesPerSecond <= 0) {
			throw new IllegalArgumentException("bytesPerSecond: " + bytesPerSecond + " (expected: more than 0)");
		}
		if (gracePeriod.isNegative()) {
			throw new IllegalArgumentException("gracePeriod: " + gracePeriod + " (expected: 0 or more)");
		}
	}

	@Override
	public String toString() {
		return this.bytesPerSecond + " B/s after " + this.gracePeriod;
	}

}

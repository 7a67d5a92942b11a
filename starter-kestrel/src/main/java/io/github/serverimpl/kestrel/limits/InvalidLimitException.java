package io.github.serverimpl.kestrel.limits;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a limit has a value it cannot take; names the property, the value and what is
 * expected.
 */
public class InvalidLimitException extends IllegalArgumentException {

	private final String property;

	private final @Nullable Object value;

	private final String expected;

	InvalidLimitException(String limit, @Nullable Object value, String expected) {
		super("server.kestrel.limits." + limit + ": " + value + " (expected: " + expected + ")");
		this.property = "server.kestrel.limits." + limit;
		this.value = value;
		this.expected = expected;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable Object getValue() {
		return this.value;
	}

	public String getExpected() {
		return this.expected;
	}

}

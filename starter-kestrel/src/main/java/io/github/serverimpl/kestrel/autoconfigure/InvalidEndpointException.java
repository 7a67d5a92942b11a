package io.github.serverimpl.kestrel.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a {@code server.kestrel.endpoints.*} entry cannot be used.
 */
public class InvalidEndpointException extends RuntimeException {

	private final String property;

	private final @Nullable String value;

	private final String reason;

	/**
	 * Create an exception.
	 * @param property the property at fault
	 * @param value its value, or {@code null} when it is missing
	 * @param reason what is wrong and what is expected
	 */
	public InvalidEndpointException(String property, @Nullable String value, String reason) {
		super(property + "=" + value + ": " + reason);
		this.property = property;
		this.value = value;
		this.reason = reason;
	}

	public String getProperty() {
		return this.property;
	}

	public @Nullable String getValue() {
		return this.value;
	}

	public String getReason() {
		return this.reason;
	}

}

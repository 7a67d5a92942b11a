package io.github.serverimpl.forwarded;

/**
 * A forwarded header a proxy can set.
 */
public enum ForwardedHeader {

	/** {@code X-Forwarded-For}: the client address, and the proxies in between. */
	X_FORWARDED_FOR("X-Forwarded-For"),

	/** {@code X-Forwarded-Proto}: the scheme the client used. */
	X_FORWARDED_PROTO("X-Forwarded-Proto"),

	/** {@code X-Forwarded-Host}: the host (and port) the client asked for. */
	X_FORWARDED_HOST("X-Forwarded-Host"),

	/** {@code X-Forwarded-Prefix}: the path the proxy serves the application under. */
	X_FORWARDED_PREFIX("X-Forwarded-Prefix"),

	/** RFC 7239 {@code Forwarded}: {@code for}, {@code proto} and {@code host} in one header. */
	FORWARDED("Forwarded");

	private final String headerName;

	ForwardedHeader(String headerName) {
		this.headerName = headerName;
	}

	/**
	 * Return the header's name.
	 * @return for example {@code X-Forwarded-For}
	 */
	public String headerName() {
		return this.headerName;
	}

}

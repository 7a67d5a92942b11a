package io.github.serverimpl.features;

/**
 * The HTTP protocol version of a request, as it is written in a request line.
 *
 * @param protocol {@value #HTTP_1_1}, {@value #HTTP_2} or {@value #HTTP_3} (or {@code HTTP/1.0})
 */
public record HttpProtocolFeature(String protocol) {

	/** HTTP/1.1. */
	public static final String HTTP_1_1 = "HTTP/1.1";

	/** HTTP/2, over TLS (h2) or clear text (h2c). */
	public static final String HTTP_2 = "HTTP/2";

	/** HTTP/3. */
	public static final String HTTP_3 = "HTTP/3";

	/**
	 * Return whether this is HTTP/2.
	 * @return whether the protocol is {@value #HTTP_2}
	 */
	public boolean isHttp2() {
		return HTTP_2.equals(this.protocol);
	}

}

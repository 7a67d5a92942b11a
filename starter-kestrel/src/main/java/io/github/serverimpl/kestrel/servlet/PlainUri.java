package io.github.serverimpl.kestrel.servlet;

/**
 * Whether a request's target and host are plain URI parts: characters that {@link java.net.URI}
 * takes as they are, and well-formed percent-escapes. Jetty's request is built from such parts
 * directly; anything else goes through Spring's request model, which answers what it cannot parse
 * with 400, as it does for a WebFlux application.
 */
final class PlainUri {

	private static final String PATH_AND_QUERY_SYMBOLS = "-._~!$&'()*+,;=:@/?";

	private PlainUri() {
	}

	/**
	 * Return whether a request target is an absolute path, with an optional query, of plain
	 * characters (RFC 3986 unreserved, sub-delimiters, {@code :}, {@code @}, {@code /} and
	 * {@code ?}) and percent-escapes; not the absolute form, and no fragment.
	 * @param target the request target
	 * @return whether it is plain
	 */
	static boolean isPathAndQuery(String target) {
		if (target.isEmpty() || target.charAt(0) != '/') {
			return false;
		}
		int length = target.length();
		for (int i = 0; i < length; i++) {
			char c = target.charAt(i);
			if (c == '%') {
				if (i + 2 >= length || !isHexDigit(target.charAt(i + 1)) || !isHexDigit(target.charAt(i + 2))) {
					return false;
				}
				i += 2;
			}
			else if (!isAlphanumeric(c) && PATH_AND_QUERY_SYMBOLS.indexOf(c) < 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Return whether a host name is a plain registered name or IPv4 address (letters, digits,
	 * {@code -}, {@code .}, {@code _} and {@code ~}), or an IPv6 address in brackets.
	 * @param host the host name, as Reactor Netty took it from the {@code Host} header
	 * @return whether it is plain
	 */
	static boolean isHost(String host) {
		if (host.isEmpty()) {
			return false;
		}
		boolean ipv6 = host.charAt(0) == '[';
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			boolean allowed = isAlphanumeric(c) || c == '-' || c == '.' || c == '_' || c == '~'
					|| (ipv6 && (c == ':' || c == '[' || c == ']'));
			if (!allowed) {
				return false;
			}
		}
		return !ipv6 || host.charAt(host.length() - 1) == ']';
	}

	/**
	 * Return whether a port is its scheme's default, which a URI leaves out.
	 * @param scheme {@code http} or {@code https}
	 * @param port the port
	 * @return whether it is the default
	 */
	static boolean isDefaultPort(String scheme, int port) {
		return ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
	}

	private static boolean isAlphanumeric(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static boolean isHexDigit(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

}

package io.github.serverimpl.httpsys;

import java.util.Locale;

/**
 * A URL prefix HTTP.sys routes to the server: {@code scheme://host:port/path/}, as ASP.NET Core's
 * {@code UrlPrefix}. The host is a name matched against the {@code Host} header, an IP address
 * (any host arriving on it), {@code +} (a strong wildcard: every host, matched first) or {@code *}
 * (a weak wildcard: every host no other prefix matched).
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host part as written
 * @param port the port
 * @param path the path, starting and ending with {@code /}
 */
public record UrlPrefix(String scheme, String host, int port, String path) {

	/**
	 * Parse a prefix the way HTTP.sys and ASP.NET Core read it: the scheme is lower-cased, the port
	 * defaults to 80 or 443, the path gets a trailing {@code /}.
	 * @param prefix for example {@code http://localhost:8080/app}
	 * @return the prefix
	 * @throws IllegalArgumentException if the text is not a URL prefix
	 */
	public static UrlPrefix parse(String prefix) {
		int schemeEnd = prefix.indexOf("://");
		if (schemeEnd <= 0) {
			throw invalid(prefix, "it has no scheme");
		}
		String scheme = prefix.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw invalid(prefix, "the scheme is neither http nor https");
		}
		String rest = prefix.substring(schemeEnd + 3);
		int pathStart = rest.indexOf('/');
		String authority = (pathStart >= 0) ? rest.substring(0, pathStart) : rest;
		String path = (pathStart >= 0) ? rest.substring(pathStart) : "/";
		if (!path.endsWith("/")) {
			path = path + "/";
		}
		int portStart = authority.lastIndexOf(':');
		if (portStart >= 0 && authority.indexOf(']', portStart) >= 0) {
			portStart = -1; // the colon is inside an IPv6 literal
		}
		String host = (portStart >= 0) ? authority.substring(0, portStart) : authority;
		if (host.isEmpty()) {
			throw invalid(prefix, "it has no host");
		}
		if (host.startsWith("xn--") || host.contains(".xn--")) {
			throw invalid(prefix, "HTTP.sys does not take punycode hosts; write the host in Unicode");
		}
		int port = scheme.equals("https") ? 443 : 80;
		if (portStart >= 0) {
			try {
				port = Integer.parseInt(authority.substring(portStart + 1));
			}
			catch (NumberFormatException ex) {
				throw invalid(prefix, "the port is not a number");
			}
		}
		if (port < 1 || port > 65535) {
			throw invalid(prefix, "the port must be 1-65535; HTTP.sys has no dynamic ports");
		}
		return new UrlPrefix(scheme, host, port, path);
	}

	private static IllegalArgumentException invalid(String prefix, String reason) {
		return new IllegalArgumentException("URL prefix: " + prefix + " (" + reason
				+ "; expected: scheme://host:port/path/, for example http://localhost:8080/)");
	}

	/**
	 * Return whether the prefix takes every host at the top of the URL space ({@code http://+:80/}
	 * or {@code http://*:80/}): open to host-header attacks, and it shadows every other
	 * application's registrations on that port.
	 * @return whether the prefix is a top-level wildcard
	 */
	public boolean isTopLevelWildcard() {
		return (this.host.equals("+") || this.host.equals("*")) && this.path.equals("/");
	}

	/**
	 * Return whether the prefix serves TLS.
	 * @return whether the scheme is {@code https}
	 */
	public boolean isSecure() {
		return this.scheme.equals("https");
	}

	@Override
	public String toString() {
		return this.scheme + "://" + this.host + ":" + this.port + this.path;
	}

}

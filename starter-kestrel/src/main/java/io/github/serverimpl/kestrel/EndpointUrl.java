package io.github.serverimpl.kestrel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A parsed endpoint URL, as Kestrel reads {@code Url}: {@code http://host:port},
 * {@code https://host:port}, {@code http://unix:/absolute/path.sock}, or {@code http://systemd:} and
 * {@code http://systemd:<name>} for sockets passed by systemd's socket activation.
 *
 * <p>Host {@code localhost} means both loopback addresses; {@code *}, {@code +} or any other
 * name mean every address (IPv6 and IPv4); {@code 0.0.0.0} and {@code [::]} mean every address of
 * that family; an IP literal means that address. A missing port is 80 for http and 443 for https;
 * port 0 asks the operating system for a free port.
 *
 * @param scheme {@code http} or {@code https}
 * @param kind what the host means
 * @param address the address to bind for {@link Kind#ADDRESS}, otherwise {@code null}
 * @param port the port, or -1 for a Unix socket
 * @param socketPath the absolute socket path for {@link Kind#UNIX}, otherwise {@code null}
 * @param socketName for {@link Kind#SYSTEMD}, the {@code FileDescriptorName=} of the socket to
 * serve, or {@code null} for every socket systemd passed
 */
public record EndpointUrl(String scheme, Kind kind, @Nullable InetAddress address, int port,
		@Nullable String socketPath, @Nullable String socketName) {

	/**
	 * What an endpoint URL's host means.
	 */
	public enum Kind {

		/** {@code localhost}: 127.0.0.1 and [::1]. */
		LOOPBACK,

		/** {@code *}, {@code +} or a host name: every address. */
		ANY,

		/** An IP address, including {@code 0.0.0.0} and {@code [::]}. */
		ADDRESS,

		/** A Unix domain socket. */
		UNIX,

		/** Sockets passed by systemd ({@code LISTEN_FDS}): all of them, or the one with a name. */
		SYSTEMD

	}

	/**
	 * Parse an endpoint URL.
	 * @param url the URL
	 * @return the parsed URL
	 * @throws IllegalArgumentException if the URL is malformed; the message says what is expected
	 */
	public static EndpointUrl parse(String url) {
		String text = url.trim();
		int schemeEnd = text.indexOf("://");
		String scheme = (schemeEnd > 0) ? text.substring(0, schemeEnd).toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw invalid(url, "the scheme must be http or https");
		}
		String rest = text.substring(schemeEnd + 3);
		if (rest.regionMatches(true, 0, "unix:", 0, 5)) {
			String path = rest.substring(5);
			if (!path.startsWith("/") || path.length() < 2) {
				throw invalid(url, "a Unix socket path must be absolute, as in http://unix:/run/app.sock");
			}
			return new EndpointUrl(scheme, Kind.UNIX, null, -1, path, null);
		}
		if (rest.regionMatches(true, 0, "systemd:", 0, 8)) {
			String name = rest.substring(8);
			if (name.contains("/") || name.contains(":")) {
				throw invalid(url, "a systemd socket is named by its FileDescriptorName=, as in http://systemd:web, "
						+ "or left out for every socket, as in http://systemd:");
			}
			return new EndpointUrl(scheme, Kind.SYSTEMD, null, -1, null, name.isEmpty() ? null : name);
		}
		if (rest.endsWith("/")) {
			rest = rest.substring(0, rest.length() - 1);
		}
		if (rest.contains("/")) {
			throw invalid(url, "an endpoint URL cannot have a path; set spring.webflux.base-path for a path base");
		}
		String host = rest;
		int port = scheme.equals("https") ? 443 : 80;
		int colon = rest.lastIndexOf(':');
		if (colon >= 0 && colon > rest.lastIndexOf(']')) {
			host = rest.substring(0, colon);
			port = parsePort(url, rest.substring(colon + 1));
		}
		if (host.isEmpty()) {
			throw invalid(url, "the host is missing; use * for every address");
		}
		return forHost(url, scheme, host, port);
	}

	private static EndpointUrl forHost(String url, String scheme, String host, int port) {
		if (host.equalsIgnoreCase("localhost")) {
			return new EndpointUrl(scheme, Kind.LOOPBACK, null, port, null, null);
		}
		boolean bracketed = host.startsWith("[") && host.endsWith("]");
		if (!bracketed && host.contains(":")) {
			throw invalid(url, "an IPv6 address must be in brackets, as in http://[::1]:8080");
		}
		String literal = bracketed ? host.substring(1, host.length() - 1) : host;
		if (bracketed || literal.chars().allMatch((c) -> Character.isDigit(c) || c == '.')) {
			try {
				return new EndpointUrl(scheme, Kind.ADDRESS, InetAddress.getByName(literal), port, null, null);
			}
			catch (UnknownHostException ex) {
				throw invalid(url, "'" + host + "' is not an IP address");
			}
		}
		return new EndpointUrl(scheme, Kind.ANY, null, port, null, null);
	}

	private static int parsePort(String url, String text) {
		try {
			int port = Integer.parseInt(text);
			if (port >= 0 && port <= 65535) {
				return port;
			}
		}
		catch (NumberFormatException ex) {
			// fall through
		}
		throw invalid(url, "port: " + text + " (expected: 0-65535)");
	}

	private static IllegalArgumentException invalid(String url, String reason) {
		return new IllegalArgumentException("Invalid endpoint URL '" + url + "': " + reason);
	}

	/**
	 * Return whether the endpoint uses TLS.
	 * @return whether the scheme is https
	 */
	public boolean isHttps() {
		return this.scheme.equals("https");
	}

	@Override
	public String toString() {
		return switch (this.kind) {
			case UNIX -> this.scheme + "://unix:" + this.socketPath;
			case SYSTEMD -> this.scheme + "://systemd:" + ((this.socketName != null) ? this.socketName : "");
			case LOOPBACK -> this.scheme + "://localhost:" + this.port;
			case ANY -> this.scheme + "://*:" + this.port;
			case ADDRESS -> this.scheme + "://" + ((this.address instanceof Inet6Address)
					? "[" + this.address.getHostAddress() + "]" : this.address.getHostAddress()) + ":" + this.port;
		};
	}

}

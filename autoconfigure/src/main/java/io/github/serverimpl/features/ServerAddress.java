package io.github.serverimpl.features;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One bound address in Kestrel's display form: {@code http://127.0.0.1:8080},
 * {@code https://[::]:8443} or {@code http://unix:/run/app.sock}.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host as displayed (IPv6 in brackets), or {@code unix}
 * @param port the port, or -1 for a Unix domain socket
 * @param path the socket path of a Unix domain socket, otherwise {@code null}
 */
public record ServerAddress(String scheme, String host, int port, @Nullable String path) {

	/**
	 * Return the address of a TCP endpoint.
	 * @param scheme {@code http} or {@code https}
	 * @param address the bound socket address
	 * @return the address
	 */
	public static ServerAddress tcp(String scheme, InetSocketAddress address) {
		return new ServerAddress(scheme, displayHost(address), address.getPort(), null);
	}

	/**
	 * Return the address of a Unix domain socket endpoint.
	 * @param scheme {@code http} or {@code https}
	 * @param path the absolute socket path
	 * @return the address
	 */
	public static ServerAddress unix(String scheme, String path) {
		return new ServerAddress(scheme, "unix", -1, path);
	}

	/**
	 * Parse an address in display form.
	 * @param address for example {@code http://127.0.0.1:8080}
	 * @return the address
	 * @throws IllegalArgumentException if the text is not an address in display form
	 */
	public static ServerAddress parse(String address) {
		String lower = address.toLowerCase(Locale.ROOT);
		for (String scheme : new String[] { "http", "https" }) {
			String unixPrefix = scheme + "://unix:";
			if (lower.startsWith(unixPrefix)) {
				return unix(scheme, address.substring(unixPrefix.length()));
			}
		}
		URI uri = URI.create(address);
		if (uri.getScheme() == null || uri.getHost() == null || uri.getPort() < 0) {
			throw new IllegalArgumentException(
					"address: " + address + " (expected: scheme://host:port or scheme://unix:/path)");
		}
		return new ServerAddress(uri.getScheme(), uri.getHost(), uri.getPort(), null);
	}

	/**
	 * Return whether this is a Unix domain socket address.
	 * @return whether the address has a socket path
	 */
	public boolean isUnixSocket() {
		return this.path != null;
	}

	@Override
	public String toString() {
		return (this.path != null) ? this.scheme + "://unix:" + this.path
				: this.scheme + "://" + this.host + ":" + this.port;
	}

	private static String displayHost(InetSocketAddress address) {
		InetAddress inet = address.getAddress();
		if (inet == null) {
			return address.getHostString();
		}
		String host = inet.getHostAddress();
		int zone = host.indexOf('%');
		if (zone >= 0) {
			host = host.substring(0, zone);
		}
		if (inet instanceof Inet6Address) {
			return "[" + (inet.isAnyLocalAddress() ? "::" : (inet.isLoopbackAddress() ? "::1" : host)) + "]";
		}
		return host;
	}

}

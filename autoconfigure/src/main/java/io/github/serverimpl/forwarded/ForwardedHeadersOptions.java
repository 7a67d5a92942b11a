package io.github.serverimpl.forwarded;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Which forwarded headers to apply, and from which peers, as ASP.NET Core's
 * {@code ForwardedHeadersOptions}. Immutable.
 *
 * @param headers the headers to apply
 * @param knownProxies peers trusted one by one
 * @param knownNetworks networks whose addresses are trusted
 * @param forwardLimit how many entries to consume, right to left; {@code null} for no limit
 * @param requireHeaderSymmetry whether X-Forwarded-For, -Proto and -Host must have as many entries
 * as each other to be applied
 * @param allowedHosts the values X-Forwarded-Host may take ({@code *}, exact names,
 * {@code *.suffix}); empty allows any
 */
public record ForwardedHeadersOptions(Set<ForwardedHeader> headers, List<InetAddress> knownProxies,
		List<IpNetwork> knownNetworks, @Nullable Integer forwardLimit, boolean requireHeaderSymmetry,
		List<String> allowedHosts) {

	/** Kestrel's default trusted proxy: the IPv6 loopback. */
	public static final List<String> DEFAULT_KNOWN_PROXIES = List.of("::1");

	/** Kestrel's default trusted network: IPv4 loopback. */
	public static final List<String> DEFAULT_KNOWN_NETWORKS = List.of("127.0.0.0/8");

	/** Kestrel's default forward limit: the one proxy in front of the application. */
	public static final int DEFAULT_FORWARD_LIMIT = 1;

	/**
	 * Create options, copying the collections.
	 */
	public ForwardedHeadersOptions {
		headers = headers.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(headers));
		knownProxies = knownProxies.stream().map(IpNetwork::normalize).toList();
		knownNetworks = List.copyOf(knownNetworks);
		allowedHosts = allowedHosts.stream().map((host) -> host.trim().toLowerCase(Locale.ROOT)).toList();
		if (forwardLimit != null && forwardLimit < 1) {
			throw new IllegalArgumentException("server.forwarded-headers.forward-limit: " + forwardLimit
					+ " (expected: 1 or more, or unset for no limit)");
		}
	}

	/**
	 * Return whether a direct peer may set forwarded headers.
	 * @param peer the peer's address
	 * @return whether it is a known proxy or in a known network
	 */
	public boolean isTrusted(InetAddress peer) {
		InetAddress address = IpNetwork.normalize(peer);
		return this.knownProxies.contains(address)
				|| this.knownNetworks.stream().anyMatch((network) -> network.contains(address));
	}

	/**
	 * Return whether X-Forwarded-Host may name this host.
	 * @param host the host, without port
	 * @return whether it is allowed
	 */
	public boolean isAllowedHost(String host) {
		if (this.allowedHosts.isEmpty()) {
			return true;
		}
		String candidate = host.toLowerCase(Locale.ROOT);
		for (String allowed : this.allowedHosts) {
			if (allowed.equals("*") || allowed.equals(candidate)
					|| (allowed.startsWith("*.") && candidate.endsWith(allowed.substring(1)))) {
				return true;
			}
		}
		return false;
	}

}

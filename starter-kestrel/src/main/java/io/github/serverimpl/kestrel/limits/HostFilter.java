package io.github.serverimpl.kestrel.limits;

import java.net.SocketAddress;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The hosts a server answers for, as ASP.NET Core's host filtering: {@code *} allows any, an exact
 * name allows that name, {@code *.example.com} allows its subdomains (not {@code example.com}
 * itself). Ports are ignored; a request without a Host is allowed. An empty list turns filtering
 * off. A request for another host gets 400.
 */
public final class HostFilter {

	private final List<String> allowedHosts;

	private final boolean enabled;

	private final RejectionLog rejections;

	/**
	 * Create a filter.
	 * @param allowedHosts the allowed hosts; empty turns filtering off
	 * @param statistics where to count rejections
	 */
	public HostFilter(List<String> allowedHosts, KestrelStatistics statistics) {
		this.allowedHosts = allowedHosts.stream().map((host) -> host.trim().toLowerCase(Locale.ROOT)).toList();
		this.enabled = !this.allowedHosts.isEmpty() && !this.allowedHosts.contains("*");
		this.rejections = statistics.rejectionLog();
	}

	/**
	 * Return whether filtering is on.
	 * @return whether any host is configured
	 */
	public boolean isEnabled() {
		return this.enabled;
	}

	/**
	 * Check a request's Host, logging and counting a refusal.
	 * @param host the Host header (or HTTP/2 {@code :authority}), with or without port
	 * @param peer the client
	 * @return whether the request may go on
	 */
	public boolean allows(@Nullable String host, @Nullable SocketAddress peer) {
		if (!this.enabled || host == null || host.isEmpty()) {
			return true;
		}
		String name = host.toLowerCase(Locale.ROOT);
		int colon = name.lastIndexOf(':');
		if (colon > name.lastIndexOf(']')) {
			name = name.substring(0, colon);
		}
		for (String allowed : this.allowedHosts) {
			if (allowed.equals(name) || (allowed.startsWith("*.") && name.endsWith(allowed.substring(1)))) {
				return true;
			}
		}
		this.rejections.reject(RejectionReason.HOST_NOT_ALLOWED, this.allowedHosts, peer);
		return false;
	}

}

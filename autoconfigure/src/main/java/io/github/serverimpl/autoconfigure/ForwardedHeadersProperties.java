package io.github.serverimpl.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.serverimpl.forwarded.ForwardedHeader;
import io.github.serverimpl.forwarded.ForwardedHeadersOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Forwarded headers from trusted proxies, for every server implementation.
 */
@ConfigurationProperties("server.forwarded-headers")
public class ForwardedHeadersProperties {

	/**
	 * Forwarded headers to apply: x-forwarded-for, x-forwarded-proto, x-forwarded-host,
	 * x-forwarded-prefix, forwarded. Empty turns the feature off, unless
	 * server.forward-headers-strategy=native, which applies the four X-Forwarded headers.
	 */
	private Set<ForwardedHeader> headers = new LinkedHashSet<>();

	/**
	 * Addresses of proxies trusted to set forwarded headers.
	 */
	private List<String> knownProxies = new ArrayList<>(ForwardedHeadersOptions.DEFAULT_KNOWN_PROXIES);

	/**
	 * Networks (CIDR) whose addresses are trusted to set forwarded headers. IPv4-mapped IPv6 peers
	 * match their IPv4 form.
	 */
	private List<String> knownNetworks = new ArrayList<>(ForwardedHeadersOptions.DEFAULT_KNOWN_NETWORKS);

	/**
	 * Number of entries to apply, right to left: the proxies in front of the application. -1 for
	 * no limit.
	 */
	private @Nullable Integer forwardLimit = ForwardedHeadersOptions.DEFAULT_FORWARD_LIMIT;

	/**
	 * Whether X-Forwarded-For, -Proto and -Host must carry as many entries as each other to be
	 * applied.
	 */
	private boolean requireHeaderSymmetry;

	/**
	 * Hosts that X-Forwarded-Host may name: '*', exact names and '*.suffix'. Empty allows any.
	 */
	private List<String> allowedHosts = new ArrayList<>();

	public Set<ForwardedHeader> getHeaders() {
		return this.headers;
	}

	public void setHeaders(Set<ForwardedHeader> headers) {
		this.headers = headers;
	}

	public List<String> getKnownProxies() {
		return this.knownProxies;
	}

	public void setKnownProxies(List<String> knownProxies) {
		this.knownProxies = knownProxies;
	}

	public List<String> getKnownNetworks() {
		return this.knownNetworks;
	}

	public void setKnownNetworks(List<String> knownNetworks) {
		this.knownNetworks = knownNetworks;
	}

	public @Nullable Integer getForwardLimit() {
		return this.forwardLimit;
	}

	public void setForwardLimit(@Nullable Integer forwardLimit) {
		this.forwardLimit = forwardLimit;
	}

	public boolean isRequireHeaderSymmetry() {
		return this.requireHeaderSymmetry;
	}

	public void setRequireHeaderSymmetry(boolean requireHeaderSymmetry) {
		this.requireHeaderSymmetry = requireHeaderSymmetry;
	}

	public List<String> getAllowedHosts() {
		return this.allowedHosts;
	}

	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts;
	}

}

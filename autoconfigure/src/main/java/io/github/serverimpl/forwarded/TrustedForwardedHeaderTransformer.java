package io.github.serverimpl.forwarded;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.RequestFeatures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Applies forwarded headers only when the direct peer is a trusted proxy, consuming entries right
 * to left up to the forward limit, as ASP.NET Core's {@code ForwardedHeadersMiddleware} does.
 * From a peer that is not trusted, every forwarded header is ignored. A Unix domain socket peer is
 * the local proxy and is trusted.
 *
 * <p>Registered as Spring's {@code forwardedHeaderTransformer} bean, so WebFlux applies it to
 * every request before the exchange exists, whichever server the application runs on. Applied
 * values are replaced by the entries left unconsumed, and the originals are kept in
 * {@code X-Original-For}, {@code X-Original-Proto} and {@code X-Original-Host}.
 */
public class TrustedForwardedHeaderTransformer extends ForwardedHeaderTransformer {

	private static final Log logger = LogFactory.getLog(TrustedForwardedHeaderTransformer.class);

	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

	private static final Pattern HOST = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:\\d{1,5})?");

	private final ForwardedHeadersOptions options;

	private final AtomicBoolean warned = new AtomicBoolean();

	private final AtomicLong untrustedRequests = new AtomicLong();

	/**
	 * Create a transformer.
	 * @param options what to apply and whom to trust
	 */
	public TrustedForwardedHeaderTransformer(ForwardedHeadersOptions options) {
		this.options = options;
	}

	/**
	 * Return the options in force.
	 * @return the options
	 */
	public ForwardedHeadersOptions getOptions() {
		return this.options;
	}

	/**
	 * Return how many requests carried forwarded headers from a peer that is not trusted.
	 * @return the count since start
	 */
	public long getUntrustedRequestCount() {
		return this.untrustedRequests.get();
	}

	@Override
	public ServerHttpRequest apply(ServerHttpRequest request) {
		List<ForwardedEntry> hops = hops(request.getHeaders());
		if (hops.isEmpty()) {
			return request;
		}
		InetSocketAddress peer = request.getRemoteAddress();
		if (peer == null ? !isUnixSocket(request) : !this.options.isTrusted(peer.getAddress())) {
			untrusted(request, peer);
			return request;
		}
		if (this.options.requireHeaderSymmetry() && !symmetric(request.getHeaders())) {
			logger.debug("Forwarded headers ignored: X-Forwarded-For, -Proto and -Host have different entry counts");
			return request;
		}
		return applyHops(request, peer, hops);
	}

	private ServerHttpRequest applyHops(ServerHttpRequest request, @Nullable InetSocketAddress peer,
			List<ForwardedEntry> hops) {
		int limit = (this.options.forwardLimit() != null) ? Math.min(hops.size(), this.options.forwardLimit())
				: hops.size();
		InetSocketAddress remote = peer;
		String scheme = null;
		String host = null;
		String prefix = null;
		int consumed = 0;
		for (int i = 0; i < limit; i++) {
			if (i > 0 && (remote == null || !this.options.isTrusted(remote.getAddress()))) {
				break;
			}
			ForwardedEntry hop = hops.get(i);
			InetSocketAddress forAddress = (hop.forAddress() != null) ? endpoint(hop.forAddress()) : null;
			boolean malformed = (hop.forAddress() != null && forAddress == null)
					|| (hop.proto() != null && !SCHEME.matcher(hop.proto()).matches())
					|| (hop.host() != null && !allowedHost(hop.host()));
			if (malformed) {
				logger.debug("Forwarded entry " + hop + " is malformed or not allowed; stopping there");
				break;
			}
			remote = (forAddress != null) ? forAddress : remote;
			scheme = (hop.proto() != null) ? hop.proto() : scheme;
			host = (hop.host() != null) ? hop.host() : host;
			prefix = (hop.prefix() != null) ? hop.prefix() : prefix;
			consumed++;
		}
		if (consumed == 0) {
			return request;
		}
		return rewrite(request, peer, remote, scheme, host, prefix, consumed);
	}

	private ServerHttpRequest rewrite(ServerHttpRequest request, @Nullable InetSocketAddress peer,
			@Nullable InetSocketAddress remote, @Nullable String scheme, @Nullable String host,
			@Nullable String prefix, int consumed) {
		URI original = request.getURI();
		UriComponentsBuilder uri = UriComponentsBuilder.fromUri(original);
		if (scheme != null) {
			uri.scheme(scheme.toLowerCase(Locale.ROOT));
		}
		if (host != null) {
			int colon = host.lastIndexOf(':');
			boolean hasPort = colon > host.lastIndexOf(']');
			uri.host(hasPort ? host.substring(0, colon) : host);
			uri.port(hasPort ? Integer.parseInt(host.substring(colon + 1)) : -1);
		}
		ServerHttpRequest.Builder builder = request.mutate();
		String path = original.getRawPath();
		if (prefix != null && !prefix.isBlank()) {
			String base = prefix.startsWith("/") ? prefix : "/" + prefix;
			int end = base.length();
			while (end > 0 && base.charAt(end - 1) == '/') {
				end--;
			}
			base = base.substring(0, end);
			if (!base.isEmpty() && isPath(base)) {
				uri.replacePath(base + path);
				builder.contextPath(base);
			}
		}
		try {
			builder.uri(uri.build(true).toUri());
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// A forwarded scheme or host that is no URI component: the request keeps its own.
			return request;
		}
		if (remote != null && remote != peer) {
			builder.remoteAddress(remote);
		}
		String originalHost = request.getHeaders().getFirst(HttpHeaders.HOST);
		builder.headers((headers) -> consume(headers, peer, original.getScheme(), originalHost, consumed));
		return builder.build();
	}

	/**
	 * Return whether a forwarded prefix is an absolute path of RFC 3986 characters (section 3.3:
	 * segments of unreserved characters, percent-escapes, sub-delimiters, colons and at signs),
	 * without empty, {@code .} or {@code ..} segments (which URI building would fold away, so the
	 * path would no longer start with the context path).
	 */
	private static boolean isPath(String prefix) {
		String[] segments = prefix.split("/", -1);
		for (int i = 1; i < segments.length; i++) {
			if (segments[i].isEmpty() || segments[i].equals(".") || segments[i].equals("..")) {
				return false;
			}
		}
		for (int i = 0; i < prefix.length(); i++) {
			char c = prefix.charAt(i);
			if (c == '%') {
				if (i + 2 >= prefix.length() || !isHexDigit(prefix.charAt(i + 1)) || !isHexDigit(prefix.charAt(i + 2))) {
					return false;
				}
				i += 2;
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~!$&'()*+,;=:@/".indexOf(c) >= 0)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isHexDigit(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private void consume(HttpHeaders headers, @Nullable InetSocketAddress peer, String scheme,
			@Nullable String host, int consumed) {
		if (peer != null) {
			headers.set("X-Original-For", peer.getAddress().getHostAddress() + ":" + peer.getPort());
		}
		headers.set("X-Original-Proto", scheme);
		if (host != null) {
			headers.set("X-Original-Host", host);
		}
		for (ForwardedHeader header : this.options.headers()) {
			List<String> entries = ForwardedEntry.split(String.join(",", headers.getOrEmpty(header.headerName())));
			if (entries.isEmpty() || !headers.containsHeader(header.headerName())) {
				continue;
			}
			int keep = Math.max(0, entries.size() - consumed);
			if (keep == 0) {
				headers.remove(header.headerName());
			}
			else {
				headers.set(header.headerName(), String.join(", ", entries.subList(0, keep)));
			}
		}
	}

	/**
	 * Return the hops the enabled headers describe, nearest proxy first (right to left).
	 */
	private List<ForwardedEntry> hops(HttpHeaders headers) {
		if (this.options.headers().contains(ForwardedHeader.FORWARDED) && headers.containsHeader("Forwarded")) {
			List<ForwardedEntry> entries = ForwardedEntry.parseForwarded(headers.getOrEmpty("Forwarded"));
			return reversed(entries);
		}
		List<String> fors = values(headers, ForwardedHeader.X_FORWARDED_FOR);
		List<String> protos = values(headers, ForwardedHeader.X_FORWARDED_PROTO);
		List<String> hosts = values(headers, ForwardedHeader.X_FORWARDED_HOST);
		List<String> prefixes = values(headers, ForwardedHeader.X_FORWARDED_PREFIX);
		int count = Math.max(Math.max(fors.size(), protos.size()), Math.max(hosts.size(), prefixes.size()));
		List<ForwardedEntry> hops = new ArrayList<>(count);
		for (int i = 1; i <= count; i++) {
			hops.add(new ForwardedEntry(fromRight(fors, i), fromRight(protos, i), fromRight(hosts, i),
					fromRight(prefixes, i)));
		}
		return hops;
	}

	private List<String> values(HttpHeaders headers, ForwardedHeader header) {
		if (!this.options.headers().contains(header)) {
			return List.of();
		}
		List<String> values = headers.get(header.headerName());
		return (values != null) ? ForwardedEntry.split(String.join(",", values)) : List.of();
	}

	private boolean symmetric(HttpHeaders headers) {
		List<Integer> counts = new ArrayList<>();
		for (ForwardedHeader header : List.of(ForwardedHeader.X_FORWARDED_FOR, ForwardedHeader.X_FORWARDED_PROTO,
				ForwardedHeader.X_FORWARDED_HOST)) {
			if (this.options.headers().contains(header)) {
				counts.add(values(headers, header).size());
			}
		}
		return counts.stream().distinct().count() <= 1;
	}

	private static @Nullable String fromRight(List<String> entries, int position) {
		int index = entries.size() - position;
		return (index >= 0 && !entries.get(index).isEmpty()) ? entries.get(index) : null;
	}

	private static <T> List<T> reversed(List<T> list) {
		List<T> copy = new ArrayList<>(list);
		Collections.reverse(copy);
		return copy;
	}

	private boolean allowedHost(String host) {
		if (!HOST.matcher(host).matches()) {
			return false;
		}
		int colon = host.lastIndexOf(':');
		String name = (colon > host.lastIndexOf(']')) ? host.substring(0, colon) : host;
		return this.options.isAllowedHost(name);
	}

	/**
	 * Parse a {@code for} value: {@code 203.0.113.7}, {@code 203.0.113.7:4711},
	 * {@code [2001:db8::1]:4711} or a bare IPv6 address. Obfuscated identifiers and {@code unknown}
	 * do not parse.
	 */
	static @Nullable InetSocketAddress endpoint(String text) {
		String address = text;
		int port = 0;
		try {
			if (text.startsWith("[")) {
				int end = text.indexOf(']');
				address = text.substring(1, end);
				if (text.length() > end + 1) {
					port = Integer.parseInt(text.substring(end + 2));
				}
			}
			else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
				address = text.substring(0, text.indexOf(':'));
				port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
			}
			InetAddress inet = IpNetwork.address(address, text);
			return new InetSocketAddress(inet, (port >= 0 && port <= 65535) ? port : 0);
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static boolean isUnixSocket(ServerHttpRequest request) {
		HttpConnectionFeature connection = RequestFeatures.of(request).get(HttpConnectionFeature.class);
		if (connection == null) {
			return false;
		}
		SocketAddress local = connection.localAddress();
		return local != null && !(local instanceof InetSocketAddress);
	}

	private void untrusted(ServerHttpRequest request, @Nullable InetSocketAddress peer) {
		this.untrustedRequests.incrementAndGet();
		String address = (peer != null) ? peer.getAddress().getHostAddress() : "an unknown peer";
		String message = "Forwarded headers from " + address + " were ignored: it is not a trusted proxy. "
				+ "To trust it, add " + address + " to server.forwarded-headers.known-proxies "
				+ "(or its network to server.forwarded-headers.known-networks)";
		if (this.warned.compareAndSet(false, true)) {
			logger.warn(message + ". Later occurrences are logged at DEBUG.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message + " [" + request.getMethod() + " " + request.getPath() + "]");
		}
	}

}

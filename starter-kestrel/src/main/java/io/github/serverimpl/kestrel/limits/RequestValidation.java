package io.github.serverimpl.kestrel.limits;

import java.util.List;
import java.util.Locale;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;

/**
 * What Kestrel rejects and Netty's decoder lets through: request targets in none of RFC 9112's
 * forms (section 3.2), HTTP versions other than 1.0 and 1.1 (505), a missing, repeated or
 * malformed Host or one contradicting an absolute-form target (section 3.2, 400), and HTTP/1.0
 * POST or PUT without a length.
 */
final class RequestValidation {

	private RequestValidation() {
	}

	/** A request that must be rejected, and why. */
	record Violation(RejectionReason reason, String detail) {
	}

	static @Nullable Violation check(HttpRequest request) {
		HttpVersion version = request.protocolVersion();
		if (version.majorVersion() != 1 || version.minorVersion() > 1) {
			return new Violation(RejectionReason.UNSUPPORTED_HTTP_VERSION, version.text());
		}
		String target = request.uri();
		for (int i = 0; i < target.length(); i++) {
			char c = target.charAt(i);
			if (c <= 0x20 || c >= 0x7f) {
				return new Violation(RejectionReason.INVALID_REQUEST_TARGET, "character 0x" + Integer.toHexString(c));
			}
		}
		List<String> hosts = request.headers().getAll(HttpHeaderNames.HOST);
		Violation targetViolation = checkTarget(request.method(), target, hosts);
		if (targetViolation != null) {
			return targetViolation;
		}
		if (version.minorVersion() == 1 && hosts.size() != 1) {
			return new Violation(RejectionReason.INVALID_HOST, hosts.size() + " Host fields");
		}
		if (hosts.size() > 1 || (hosts.size() == 1 && !isValidHost(hosts.get(0)))) {
			return new Violation(RejectionReason.INVALID_HOST, String.valueOf(hosts));
		}
		if (version.minorVersion() == 0 && (HttpMethod.POST.equals(request.method()) || HttpMethod.PUT.equals(request.method()))
				&& !request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
				&& !request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return new Violation(RejectionReason.LENGTH_REQUIRED, request.method().name());
		}
		return null;
	}

	private static @Nullable Violation checkTarget(HttpMethod method, String target, List<String> hosts) {
		if (target.startsWith("/")) {
			return null;
		}
		if (target.equals("*")) {
			return HttpMethod.OPTIONS.equals(method) ? null
					: new Violation(RejectionReason.METHOD_NOT_ALLOWED_FOR_TARGET, method.name() + " *");
		}
		if (HttpMethod.CONNECT.equals(method)) {
			return isValidHost(target) ? null : new Violation(RejectionReason.INVALID_REQUEST_TARGET, target);
		}
		int schemeEnd = target.indexOf("://");
		String scheme = (schemeEnd > 0) ? target.substring(0, schemeEnd).toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			return new Violation(RejectionReason.INVALID_REQUEST_TARGET, target);
		}
		String rest = target.substring(schemeEnd + 3);
		int pathStart = indexOfAny(rest, "/?#");
		String authority = (pathStart >= 0) ? rest.substring(0, pathStart) : rest;
		if (authority.isEmpty() || !isValidHost(authority)) {
			return new Violation(RejectionReason.INVALID_REQUEST_TARGET, target);
		}
		if (hosts.size() == 1 && !hosts.get(0).equalsIgnoreCase(authority)) {
			return new Violation(RejectionReason.INVALID_HOST, "Host " + hosts.get(0) + " for target " + target);
		}
		return null;
	}

	/**
	 * Return whether a Host value is {@code uri-host [ ":" port ]} (RFC 9110 section 7.2): an empty
	 * value, a reg-name of unreserved and sub-delimiter characters or percent-escapes, an IPv4
	 * address, or a bracketed IP literal, then an optional numeric port.
	 */
	static boolean isValidHost(String host) {
		int length = host.length();
		if (length == 0) {
			return true;
		}
		int portStart;
		if (host.charAt(0) == '[') {
			int end = host.indexOf(']');
			if (end < 2) {
				return false;
			}
			for (int i = 1; i < end; i++) {
				char c = host.charAt(i);
				if (!isHexDigit(c) && c != ':' && c != '.') {
					return false;
				}
			}
			if (end + 1 == length) {
				return true;
			}
			if (host.charAt(end + 1) != ':') {
				return false;
			}
			portStart = end + 2;
		}
		else {
			int colon = host.lastIndexOf(':');
			int nameEnd = (colon >= 0) ? colon : length;
			if (nameEnd == 0) {
				return false;
			}
			for (int i = 0; i < nameEnd; i++) {
				if (!isRegNameChar(host.charAt(i))) {
					return false;
				}
			}
			if (colon < 0) {
				return true;
			}
			portStart = colon + 1;
		}
		if (length - portStart > 5) {
			return false;
		}
		for (int i = portStart; i < length; i++) {
			char c = host.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	private static boolean isHexDigit(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static boolean isRegNameChar(int c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;%".indexOf(c) >= 0;
	}

	private static int indexOfAny(String text, String characters) {
		for (int i = 0; i < text.length(); i++) {
			if (characters.indexOf(text.charAt(i)) >= 0) {
				return i;
			}
		}
		return -1;
	}

}

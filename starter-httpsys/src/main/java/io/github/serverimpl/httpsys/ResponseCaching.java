package io.github.serverimpl.httpsys;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

/**
 * Whether HTTP.sys may keep a response in its kernel cache, and for how long, by ASP.NET Core's
 * rules ({@code Response.ComputeCacheTtl}): a 200 to a GET without {@code Set-Cookie},
 * {@code Vary} or {@code Pragma}, marked {@code Cache-Control: public} with {@code s-maxage} or
 * {@code max-age}, or carrying {@code Expires}.
 */
final class ResponseCaching {

	private ResponseCaching() {
	}

	static int secondsToLive(String method, int status, HttpHeaders headers) {
		if (!"GET".equals(method) || status != 200 || headers.containsHeader(HttpHeaders.SET_COOKIE)
				|| headers.containsHeader(HttpHeaders.VARY) || headers.containsHeader(HttpHeaders.PRAGMA)) {
			return 0;
		}
		String cacheControl = String.join(",", headers.getOrEmpty(HttpHeaders.CACHE_CONTROL)).toLowerCase(Locale.ROOT);
		if (!cacheControl.isEmpty()) {
			if (!hasDirective(cacheControl, "public")) {
				return 0;
			}
			long sharedMaxAge = directive(cacheControl, "s-maxage");
			long maxAge = (sharedMaxAge >= 0) ? sharedMaxAge : directive(cacheControl, "max-age");
			if (maxAge >= 0) {
				return (int) Math.min(maxAge, Integer.MAX_VALUE);
			}
		}
		String expires = headers.getFirst(HttpHeaders.EXPIRES);
		if (expires != null) {
			try {
				Instant at = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				return (int) Math.max(0, Math.min(Duration.between(Instant.now(), at).toSeconds(), Integer.MAX_VALUE));
			}
			catch (DateTimeParseException ex) {
				return 0;
			}
		}
		return 0;
	}

	private static boolean hasDirective(String cacheControl, String name) {
		for (String directive : cacheControl.split(",")) {
			if (directive.trim().equals(name)) {
				return true;
			}
		}
		return false;
	}

	private static long directive(String cacheControl, String name) {
		for (String directive : cacheControl.split(",")) {
			String trimmed = directive.trim();
			if (trimmed.startsWith(name + "=")) {
				try {
					return Long.parseLong(trimmed.substring(name.length() + 1).trim());
				}
				catch (NumberFormatException ex) {
					return -1;
				}
			}
		}
		return -1;
	}

}

package io.github.serverimpl.forwarded;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * One hop of forwarding information: what one proxy says about the peer it received the request
 * from. From X-Forwarded-* the n-th entries of each header form a hop; from RFC 7239 each element
 * of {@code Forwarded} is one.
 *
 * @param forAddress the {@code for} value, or {@code null}
 * @param proto the {@code proto} value, or {@code null}
 * @param host the {@code host} value, or {@code null}
 * @param prefix the {@code X-Forwarded-Prefix} value, or {@code null}
 */
record ForwardedEntry(@Nullable String forAddress, @Nullable String proto, @Nullable String host,
		@Nullable String prefix) {

	/**
	 * Split a comma-separated header value into its entries, trimmed.
	 * @param value the header value, or {@code null}
	 * @return the entries, left to right
	 */
	static List<String> split(@Nullable String value) {
		List<String> entries = new ArrayList<>();
		if (value != null) {
			for (String entry : value.split(",")) {
				entries.add(entry.trim());
			}
		}
		return entries;
	}

	/**
	 * Parse an RFC 7239 {@code Forwarded} header.
	 * @param values the header's values
	 * @return the hops, left to right
	 */
	static List<ForwardedEntry> parseForwarded(List<String> values) {
		List<ForwardedEntry> entries = new ArrayList<>();
		for (String value : values) {
			for (String element : split(value)) {
				String forAddress = null;
				String proto = null;
				String host = null;
				for (String pair : element.split(";")) {
					int eq = pair.indexOf('=');
					if (eq <= 0) {
						continue;
					}
					String name = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
					String text = unquote(pair.substring(eq + 1).trim());
					switch (name) {
						case "for" -> forAddress = text;
						case "proto" -> proto = text;
						case "host" -> host = text;
						default -> {
						}
					}
				}
				entries.add(new ForwardedEntry(forAddress, proto, host, null));
			}
		}
		return entries;
	}

	private static String unquote(String text) {
		return (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\""))
				? text.substring(1, text.length() - 1) : text;
	}

}

package io.github.serverimpl.httpsys.nativeapi;

import java.util.Map;
import java.util.TreeMap;

/**
 * The headers HTTP.sys keeps in fixed slots ({@code HTTP_HEADER_ID}) and the verbs it parses
 * ({@code HTTP_VERB}), indexed as in {@code http.h}.
 */
final class KnownHeaders {

	/** Request header names by {@code HTTP_HEADER_ID} (0 to {@code HttpHeaderRequestMaximum} - 1). */
	static final String[] REQUEST = { "Cache-Control", "Connection", "Date", "Keep-Alive", "Pragma", "Trailer",
			"Transfer-Encoding", "Upgrade", "Via", "Warning", "Allow", "Content-Length", "Content-Type",
			"Content-Encoding", "Content-Language", "Content-Location", "Content-MD5", "Content-Range", "Expires",
			"Last-Modified", "Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Authorization",
			"Cookie", "Expect", "From", "Host", "If-Match", "If-Modified-Since", "If-None-Match", "If-Range",
			"If-Unmodified-Since", "Max-Forwards", "Proxy-Authorization", "Referer", "Range", "TE", "Translate",
			"User-Agent" };

	/** Response header names by {@code HTTP_HEADER_ID} (0 to {@code HttpHeaderResponseMaximum} - 1). */
	static final String[] RESPONSE = { "Cache-Control", "Connection", "Date", "Keep-Alive", "Pragma", "Trailer",
			"Transfer-Encoding", "Upgrade", "Via", "Warning", "Allow", "Content-Length", "Content-Type",
			"Content-Encoding", "Content-Language", "Content-Location", "Content-MD5", "Content-Range", "Expires",
			"Last-Modified", "Accept-Ranges", "Age", "ETag", "Location", "Proxy-Authenticate", "Retry-After",
			"Server", "Set-Cookie", "Vary", "WWW-Authenticate" };

	/** Verbs by {@code HTTP_VERB}; null where the request carries the verb as text. */
	static final String[] VERBS = { null, null, null, "OPTIONS", "GET", "HEAD", "POST", "PUT", "DELETE", "TRACE",
			"CONNECT", "TRACK", "MOVE", "COPY", "PROPFIND", "PROPPATCH", "MKCOL", "LOCK", "UNLOCK", "SEARCH" };

	private static final Map<String, Integer> RESPONSE_IDS = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

	static {
		for (int i = 0; i < RESPONSE.length; i++) {
			RESPONSE_IDS.put(RESPONSE[i], i);
		}
	}

	private KnownHeaders() {
	}

	/**
	 * Return the {@code HTTP_HEADER_ID} of a response header.
	 * @param name the header name, any case
	 * @return the slot, or -1 when HTTP.sys takes the header as an unknown header
	 */
	static int responseId(String name) {
		Integer id = RESPONSE_IDS.get(name);
		return (id != null) ? id : -1;
	}

}

package io.github.serverimpl.httpsys.nativeapi;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpKnownHeader;
import io.github.serverimpl.httpsys.nativeapi.RequestStructs.HttpRequest;
import io.github.serverimpl.httpsys.nativeapi.RequestStructs.HttpRequestAuthInfo;
import io.github.serverimpl.httpsys.nativeapi.RequestStructs.HttpRequestInfo;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpUnknownHeader;

/**
 * Copies an {@code HTTP_REQUEST_V2} out of the receive buffer into a {@link ReceivedRequest}.
 */
final class RequestParser {

	private static final int UNKNOWN_HEADER_SIZE = new HttpUnknownHeader().size();

	private static final int REQUEST_INFO_SIZE = new HttpRequestInfo().size();

	private final HttpApi api;

	private final Charset headerCharset;

	RequestParser(HttpApi api, Charset headerCharset) {
		this.api = api;
		this.headerCharset = headerCharset;
	}

	ReceivedRequest parse(Pointer buffer) {
		HttpRequest request = new HttpRequest(buffer);
		request.read();
		String verb = (request.Verb >= 0 && request.Verb < KnownHeaders.VERBS.length)
				? KnownHeaders.VERBS[request.Verb] : null;
		String method = (verb != null) ? verb
				: text(request.pUnknownVerb, request.UnknownVerbLength, StandardCharsets.US_ASCII);
		String rawUrl = text(request.pRawUrl, request.RawUrlLength, StandardCharsets.US_ASCII);
		boolean http2 = (request.Flags & HttpApiLibrary.SdkOnly.HTTP_REQUEST_FLAG_HTTP2) != 0
				|| request.Version.MajorVersion == 2;
		String protocol = http2 ? "HTTP/2" : "HTTP/" + request.Version.MajorVersion + "." + request.Version.MinorVersion;
		boolean hasBody = (request.Flags & HttpApiLibrary.HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS) != 0;
		return new ReceivedRequest(request.RequestId, request.ConnectionId, request.UrlContext, method, rawUrl, protocol,
				request.pSslInfo != null, headers(request), address(request.Address.pRemoteAddress),
				address(request.Address.pLocalAddress), hasBody, user(request));
	}

	private List<Map.Entry<String, String>> headers(HttpRequest request) {
		List<Map.Entry<String, String>> headers = new ArrayList<>();
		HttpKnownHeader[] known = request.Headers.KnownHeaders;
		for (int id = 0; id < known.length; id++) {
			if (known[id].pRawValue != null) {
				headers.add(Map.entry(KnownHeaders.REQUEST[id],
						text(known[id].pRawValue, known[id].RawValueLength, this.headerCharset)));
			}
		}
		int unknownCount = Short.toUnsignedInt(request.Headers.UnknownHeaderCount);
		for (int i = 0; i < unknownCount; i++) {
			HttpUnknownHeader header = new HttpUnknownHeader(
					request.Headers.pUnknownHeaders.share((long) i * UNKNOWN_HEADER_SIZE));
			header.read();
			headers.add(Map.entry(text(header.pName, header.NameLength, StandardCharsets.US_ASCII),
					text(header.pRawValue, header.RawValueLength, this.headerCharset)));
		}
		return headers;
	}

	private @Nullable String user(HttpRequest request) {
		int count = Short.toUnsignedInt(request.RequestInfoCount);
		for (int i = 0; i < count; i++) {
			HttpRequestInfo info = new HttpRequestInfo(request.pRequestInfo.share((long) i * REQUEST_INFO_SIZE));
			info.read();
			if (info.InfoType == HttpApiLibrary.HttpRequestInfoTypeAuth && info.pInfo != null) {
				HttpRequestAuthInfo auth = new HttpRequestAuthInfo(info.pInfo);
				auth.read();
				if (auth.AuthStatus == HttpApiLibrary.HttpAuthStatusSuccess && auth.AccessToken != null) {
					return this.api.accountOfToken(auth.AccessToken);
				}
			}
		}
		return null;
	}

	private static String text(@Nullable Pointer pointer, short length, Charset charset) {
		int bytes = Short.toUnsignedInt(length);
		return (pointer != null && bytes > 0) ? new String(pointer.getByteArray(0, bytes), charset) : "";
	}

	/**
	 * Read a Windows {@code SOCKADDR_IN} or {@code SOCKADDR_IN6}: family, port in network order,
	 * then the address (IPv6: after the flow info, followed by the scope id).
	 */
	static @Nullable InetSocketAddress address(@Nullable Pointer sockaddr) {
		if (sockaddr == null) {
			return null;
		}
		short family = sockaddr.getShort(0);
		int port = ((sockaddr.getByte(2) & 0xff) << 8) | (sockaddr.getByte(3) & 0xff);
		try {
			if (family == HttpApiLibrary.AF_INET) {
				return new InetSocketAddress(InetAddress.getByAddress(sockaddr.getByteArray(4, 4)), port);
			}
			if (family == HttpApiLibrary.AF_INET6) {
				return new InetSocketAddress(InetAddress.getByAddress(sockaddr.getByteArray(8, 16)), port);
			}
		}
		catch (UnknownHostException ex) {
			// Cannot happen for 4 or 16 bytes
		}
		return null;
	}

}

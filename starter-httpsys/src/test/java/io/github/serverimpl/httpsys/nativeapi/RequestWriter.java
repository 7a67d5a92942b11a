package io.github.serverimpl.httpsys.nativeapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

import io.github.serverimpl.httpsys.nativeapi.RequestStructs.HttpRequest;
import io.github.serverimpl.httpsys.nativeapi.RequestStructs.HttpRequestAuthInfo;
import io.github.serverimpl.httpsys.nativeapi.RequestStructs.HttpRequestInfo;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpUnknownHeader;

/**
 * Writes a test request into a receive buffer the way HTTP.sys does: the {@code HTTP_REQUEST_V2}
 * first, then everything it points to (header arrays, strings, addresses) in the same buffer.
 */
final class RequestWriter {

	private static final int SOCKADDR_IN_SIZE = 16;

	private final FakeRequest request;

	private final int size;

	RequestWriter(FakeRequest request) {
		this.request = request;
		this.size = layout(null);
	}

	int size() {
		return this.size;
	}

	void write(Pointer buffer) {
		layout(buffer);
	}

	/**
	 * Lay the request out; with no buffer only measure it.
	 */
	private int layout(@Nullable Pointer buffer) {
		Cursor cursor = new Cursor(buffer, new HttpRequest().size());
		HttpRequest nativeRequest = (buffer != null) ? new HttpRequest(buffer) : new HttpRequest();
		nativeRequest.RequestId = this.request.requestId;
		nativeRequest.ConnectionId = 0xC0FFEEL;
		nativeRequest.UrlContext = this.request.urlContext;
		nativeRequest.Version.MajorVersion = (short) this.request.majorVersion;
		nativeRequest.Version.MinorVersion = (short) this.request.minorVersion;
		int verb = Arrays.asList(KnownHeaders.VERBS).indexOf(this.request.method);
		if (verb > 0) {
			nativeRequest.Verb = verb;
		}
		else {
			nativeRequest.Verb = HttpApiLibrary.HttpVerbUnknown;
			nativeRequest.pUnknownVerb = cursor.put(ascii(this.request.method));
			nativeRequest.UnknownVerbLength = (short) this.request.method.length();
		}
		nativeRequest.pRawUrl = cursor.put(ascii(this.request.rawUrl));
		nativeRequest.RawUrlLength = (short) this.request.rawUrl.length();
		nativeRequest.Address.pRemoteAddress = cursor.put(sockaddr(new byte[] { 10, 0, 0, 7 }, 50123));
		nativeRequest.Address.pLocalAddress = cursor.put(sockaddr(new byte[] { 127, 0, 0, 1 }, 8080));
		List<Map.Entry<String, String>> unknown = new ArrayList<>();
		for (Map.Entry<String, String> header : this.request.headers) {
			int id = knownRequestHeader(header.getKey());
			if (id >= 0) {
				byte[] value = header.getValue().getBytes(StandardCharsets.UTF_8);
				nativeRequest.Headers.KnownHeaders[id].pRawValue = cursor.put(value);
				nativeRequest.Headers.KnownHeaders[id].RawValueLength = (short) value.length;
			}
			else {
				unknown.add(header);
			}
		}
		if (!unknown.isEmpty()) {
			int headerSize = new HttpUnknownHeader().size();
			Pointer array = cursor.reserve(headerSize * unknown.size());
			for (int i = 0; i < unknown.size(); i++) {
				byte[] name = ascii(unknown.get(i).getKey());
				byte[] value = unknown.get(i).getValue().getBytes(StandardCharsets.UTF_8);
				Pointer name_ = cursor.put(name);
				Pointer value_ = cursor.put(value);
				if (array != null) {
					HttpUnknownHeader header = new HttpUnknownHeader(array.share((long) i * headerSize));
					header.pName = name_;
					header.NameLength = (short) name.length;
					header.pRawValue = value_;
					header.RawValueLength = (short) value.length;
					header.write();
				}
			}
			nativeRequest.Headers.UnknownHeaderCount = (short) unknown.size();
			nativeRequest.Headers.pUnknownHeaders = array;
		}
		if (this.request.accessToken != 0) {
			Pointer info = cursor.reserve(new HttpRequestInfo().size());
			Pointer auth = cursor.reserve(new HttpRequestAuthInfo().size());
			if (buffer != null) {
				HttpRequestAuthInfo authInfo = new HttpRequestAuthInfo(auth);
				authInfo.AuthStatus = HttpApiLibrary.HttpAuthStatusSuccess;
				authInfo.AccessToken = new Pointer(this.request.accessToken);
				authInfo.write();
				HttpRequestInfo requestInfo = new HttpRequestInfo(info);
				requestInfo.InfoType = HttpApiLibrary.HttpRequestInfoTypeAuth;
				requestInfo.InfoLength = authInfo.size();
				requestInfo.pInfo = auth;
				requestInfo.write();
			}
			nativeRequest.RequestInfoCount = 1;
			nativeRequest.pRequestInfo = info;
		}
		if (!this.request.body.isEmpty() || this.request.disconnectAfterBodyReads >= 0) {
			nativeRequest.Flags |= HttpApiLibrary.HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS;
		}
		if (buffer != null) {
			nativeRequest.write();
		}
		return cursor.offset;
	}

	private static int knownRequestHeader(String name) {
		for (int id = 0; id < KnownHeaders.REQUEST.length; id++) {
			if (KnownHeaders.REQUEST[id].equalsIgnoreCase(name)) {
				return id;
			}
		}
		return -1;
	}

	private static byte[] sockaddr(byte[] address, int port) {
		byte[] sockaddr = new byte[SOCKADDR_IN_SIZE];
		sockaddr[0] = (byte) HttpApiLibrary.AF_INET;
		sockaddr[2] = (byte) (port >> 8);
		sockaddr[3] = (byte) port;
		System.arraycopy(address, 0, sockaddr, 4, 4);
		return sockaddr;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Hands out room in the buffer after the struct, 8-byte aligned.
	 */
	private static final class Cursor {

		private final @Nullable Pointer buffer;

		private int offset;

		Cursor(@Nullable Pointer buffer, int offset) {
			this.buffer = buffer;
			this.offset = offset;
		}

		@Nullable Pointer reserve(int length) {
			Pointer at = (this.buffer != null) ? this.buffer.share(this.offset) : null;
			this.offset += (length + 7) & ~7;
			return at;
		}

		@Nullable Pointer put(byte[] bytes) {
			Pointer at = reserve(bytes.length);
			if (at != null) {
				at.write(0, bytes, 0, bytes.length);
			}
			return at;
		}

	}

}

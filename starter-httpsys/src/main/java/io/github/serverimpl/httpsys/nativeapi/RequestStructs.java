package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpKnownHeader;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpVersion;

/**
 * The structs of a request as {@code HttpReceiveHttpRequest} delivers it ({@code HTTP_REQUEST_V2} and
 * what it points to), named field by field as in {@code http.h}; see {@link HttpStructs} for the mapping rules.
 */
public final class RequestStructs {

	private RequestStructs() {
	}

	/** {@code HTTP_COOKED_URL}: lengths in bytes of UTF-16 strings. */
	@FieldOrder({ "FullUrlLength", "HostLength", "AbsPathLength", "QueryStringLength", "pFullUrl", "pHost",
			"pAbsPath", "pQueryString" })
	public static class HttpCookedUrl extends Structure {

		public short FullUrlLength;

		public short HostLength;

		public short AbsPathLength;

		public short QueryStringLength;

		public Pointer pFullUrl;

		public Pointer pHost;

		public Pointer pAbsPath;

		public Pointer pQueryString;

	}

	/** {@code HTTP_TRANSPORT_ADDRESS}: pointers to {@code SOCKADDR}s. */
	@FieldOrder({ "pRemoteAddress", "pLocalAddress" })
	public static class HttpTransportAddress extends Structure {

		public Pointer pRemoteAddress;

		public Pointer pLocalAddress;

	}

	/** {@code HTTP_REQUEST_HEADERS}. */
	@FieldOrder({ "UnknownHeaderCount", "pUnknownHeaders", "TrailerCount", "pTrailers", "KnownHeaders" })
	public static class HttpRequestHeaders extends Structure {

		public short UnknownHeaderCount;

		public Pointer pUnknownHeaders;

		public short TrailerCount;

		public Pointer pTrailers;

		public HttpKnownHeader[] KnownHeaders = HttpStructs.knownHeaders(HttpStructs.REQUEST_KNOWN_HEADER_COUNT);

	}

	/** {@code HTTP_REQUEST_V2}, as {@code HttpReceiveHttpRequest} fills it. */
	@FieldOrder({ "Flags", "ConnectionId", "RequestId", "UrlContext", "Version", "Verb", "UnknownVerbLength",
			"RawUrlLength", "pUnknownVerb", "pRawUrl", "CookedUrl", "Address", "Headers", "BytesReceived",
			"EntityChunkCount", "pEntityChunks", "RawConnectionId", "pSslInfo", "RequestInfoCount", "pRequestInfo" })
	public static class HttpRequest extends Structure {

		public int Flags;

		public long ConnectionId;

		public long RequestId;

		public long UrlContext;

		public HttpVersion Version;

		public int Verb;

		public short UnknownVerbLength;

		public short RawUrlLength;

		public Pointer pUnknownVerb;

		public Pointer pRawUrl;

		public HttpCookedUrl CookedUrl;

		public HttpTransportAddress Address;

		public HttpRequestHeaders Headers;

		public long BytesReceived;

		public short EntityChunkCount;

		public Pointer pEntityChunks;

		public long RawConnectionId;

		public Pointer pSslInfo;

		public short RequestInfoCount;

		public Pointer pRequestInfo;

		public HttpRequest() {
		}

		public HttpRequest(Pointer pointer) {
			super(pointer);
		}

		static long offsetOf(String field) {
			return new HttpRequest().fieldOffset(field);
		}

	}

	/** {@code HTTP_REQUEST_INFO}. */
	@FieldOrder({ "InfoType", "InfoLength", "pInfo" })
	public static class HttpRequestInfo extends Structure {

		public int InfoType;

		public int InfoLength;

		public Pointer pInfo;

		public HttpRequestInfo() {
		}

		public HttpRequestInfo(Pointer pointer) {
			super(pointer);
		}

	}

	/** {@code HTTP_REQUEST_AUTH_INFO}, the fields every SDK since Windows 7 has. */
	@FieldOrder({ "AuthStatus", "SecStatus", "Flags", "AuthType", "AccessToken", "ContextAttributes",
			"PackedContextLength", "PackedContextType", "PackedContext", "MutualAuthDataLength", "pMutualAuthData" })
	public static class HttpRequestAuthInfo extends Structure {

		public int AuthStatus;

		public int SecStatus;

		public int Flags;

		public int AuthType;

		public Pointer AccessToken;

		public int ContextAttributes;

		public int PackedContextLength;

		public int PackedContextType;

		public Pointer PackedContext;

		public int MutualAuthDataLength;

		public Pointer pMutualAuthData;

		public HttpRequestAuthInfo() {
		}

		public HttpRequestAuthInfo(Pointer pointer) {
			super(pointer);
		}

	}

}

package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.Union;

/**
 * The structs of the HTTP Server API v2 ({@code http.h}) that the server reads and writes, named
 * field by field as in Win32 so that each can be checked against the header. {@code ULONG} maps to
 * {@code int} and {@code USHORT} to {@code short} (Windows is LLP64); pointers and handles are
 * {@link Pointer}s; {@code HTTP_PROPERTY_FLAGS} (one bit field in a {@code ULONG}) is an {@code int}.
 * {@code HTTP_REQUEST_V2} and {@code HTTP_RESPONSE_V2} are flattened as C sees them: the V1 fields
 * first, then the V2 additions.
 */
public final class HttpStructs {

	/** {@code HttpHeaderRequestMaximum}. */
	public static final int REQUEST_KNOWN_HEADER_COUNT = 41;

	/** {@code HttpHeaderResponseMaximum}. */
	public static final int RESPONSE_KNOWN_HEADER_COUNT = 30;

	private HttpStructs() {
	}

	/**
	 * Create the elements of an inline {@code HTTP_KNOWN_HEADER} array up front (JNA leaves them
	 * null until the enclosing struct is first read or written); writing the enclosing struct moves
	 * them into its memory.
	 */
	static HttpKnownHeader[] knownHeaders(int count) {
		return (HttpKnownHeader[]) new HttpKnownHeader().toArray(count);
	}

	/** {@code HTTP_VERSION}. */
	@FieldOrder({ "MajorVersion", "MinorVersion" })
	public static class HttpVersion extends Structure {

		public short MajorVersion;

		public short MinorVersion;

	}

	/** {@code HTTP_KNOWN_HEADER}. */
	@FieldOrder({ "RawValueLength", "pRawValue" })
	public static class HttpKnownHeader extends Structure {

		public short RawValueLength;

		public Pointer pRawValue;

		public HttpKnownHeader() {
		}

		public HttpKnownHeader(Pointer pointer) {
			super(pointer);
		}

	}

	/** {@code HTTP_UNKNOWN_HEADER}. */
	@FieldOrder({ "NameLength", "RawValueLength", "pName", "pRawValue" })
	public static class HttpUnknownHeader extends Structure {

		public short NameLength;

		public short RawValueLength;

		public Pointer pName;

		public Pointer pRawValue;

		public HttpUnknownHeader() {
		}

		public HttpUnknownHeader(Pointer pointer) {
			super(pointer);
		}

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

		public HttpKnownHeader[] KnownHeaders = knownHeaders(REQUEST_KNOWN_HEADER_COUNT);

	}

	/** {@code HTTP_RESPONSE_HEADERS}. */
	@FieldOrder({ "UnknownHeaderCount", "pUnknownHeaders", "TrailerCount", "pTrailers", "KnownHeaders" })
	public static class HttpResponseHeaders extends Structure {

		public short UnknownHeaderCount;

		public Pointer pUnknownHeaders;

		public short TrailerCount;

		public Pointer pTrailers;

		public HttpKnownHeader[] KnownHeaders = knownHeaders(RESPONSE_KNOWN_HEADER_COUNT);

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

	/** {@code HTTP_RESPONSE_V2}. */
	@FieldOrder({ "Flags", "Version", "StatusCode", "ReasonLength", "pReason", "Headers", "EntityChunkCount",
			"pEntityChunks", "ResponseInfoCount", "pResponseInfo" })
	public static class HttpResponse extends Structure {

		public int Flags;

		public HttpVersion Version;

		public short StatusCode;

		public short ReasonLength;

		public Pointer pReason;

		public HttpResponseHeaders Headers;

		public short EntityChunkCount;

		public Pointer pEntityChunks;

		public short ResponseInfoCount;

		public Pointer pResponseInfo;

		public HttpResponse() {
		}

		public HttpResponse(Pointer pointer) {
			super(pointer);
		}

	}

	/** {@code HTTP_RESPONSE_INFO}. */
	@FieldOrder({ "Type", "Length", "pInfo" })
	public static class HttpResponseInfo extends Structure {

		public int Type;

		public int Length;

		public Pointer pInfo;

		public HttpResponseInfo() {
		}

		public HttpResponseInfo(Pointer pointer) {
			super(pointer);
		}

	}

	/** {@code HTTP_MULTIPLE_KNOWN_HEADERS}: a known response header with several values. */
	@FieldOrder({ "HeaderId", "Flags", "KnownHeaderCount", "KnownHeaders" })
	public static class HttpMultipleKnownHeaders extends Structure {

		public int HeaderId;

		public int Flags;

		public short KnownHeaderCount;

		public Pointer KnownHeaders;

		public HttpMultipleKnownHeaders() {
		}

		public HttpMultipleKnownHeaders(Pointer pointer) {
			super(pointer);
		}

	}

	/** {@code HTTP_BYTE_RANGE}. */
	@FieldOrder({ "StartingOffset", "Length" })
	public static class HttpByteRange extends Structure {

		public long StartingOffset;

		public long Length;

	}

	/** The {@code FromMemory} member of {@code HTTP_DATA_CHUNK}'s union. */
	@FieldOrder({ "pBuffer", "BufferLength" })
	public static class FromMemory extends Structure {

		public Pointer pBuffer;

		public int BufferLength;

	}

	/** The {@code FromFileHandle} member of {@code HTTP_DATA_CHUNK}'s union (never sent; it sizes the union). */
	@FieldOrder({ "ByteRange", "FileHandle" })
	public static class FromFileHandle extends Structure {

		public HttpByteRange ByteRange;

		public Pointer FileHandle;

	}

	/** The anonymous union of {@code HTTP_DATA_CHUNK}. */
	public static class HttpDataChunkUnion extends Union {

		public FromMemory FromMemory;

		public FromFileHandle FromFileHandle;

	}

	/** {@code HTTP_DATA_CHUNK}; the server sends only {@code HttpDataChunkFromMemory}. */
	@FieldOrder({ "DataChunkType", "DUMMYUNIONNAME" })
	public static class HttpDataChunk extends Structure {

		public int DataChunkType;

		public HttpDataChunkUnion DUMMYUNIONNAME;

		public HttpDataChunk() {
		}

		public HttpDataChunk(Pointer pointer) {
			super(pointer);
		}

	}

	/** {@code HTTP_CACHE_POLICY}. */
	@FieldOrder({ "Policy", "SecondsToLive" })
	public static class HttpCachePolicy extends Structure {

		public int Policy;

		public int SecondsToLive;

		public HttpCachePolicy() {
		}

		public HttpCachePolicy(Pointer pointer) {
			super(pointer);
		}

	}

	/** {@code HTTP_BINDING_INFO}. */
	@FieldOrder({ "Flags", "RequestQueueHandle" })
	public static class HttpBindingInfo extends Structure {

		public int Flags;

		public Pointer RequestQueueHandle;

	}

	/** {@code HTTP_TIMEOUT_LIMIT_INFO}: seconds, and bytes per second for {@code MinSendRate}. */
	@FieldOrder({ "Flags", "EntityBody", "DrainEntityBody", "RequestQueue", "IdleConnection", "HeaderWait",
			"MinSendRate" })
	public static class HttpTimeoutLimitInfo extends Structure {

		public int Flags;

		public short EntityBody;

		public short DrainEntityBody;

		public short RequestQueue;

		public short IdleConnection;

		public short HeaderWait;

		public int MinSendRate;

	}

	/** {@code HTTP_QOS_SETTING_INFO}. */
	@FieldOrder({ "QosType", "QosSetting" })
	public static class HttpQosSettingInfo extends Structure {

		public int QosType;

		public Pointer QosSetting;

	}

	/** {@code HTTP_CONNECTION_LIMIT_INFO}. */
	@FieldOrder({ "Flags", "MaxConnections" })
	public static class HttpConnectionLimitInfo extends Structure {

		public int Flags;

		public int MaxConnections;

	}

	/** {@code HTTP_SERVER_AUTHENTICATION_DIGEST_PARAMS}. */
	@FieldOrder({ "DomainNameLength", "DomainName", "RealmLength", "Realm" })
	public static class HttpServerAuthenticationDigestParams extends Structure {

		public short DomainNameLength;

		public Pointer DomainName;

		public short RealmLength;

		public Pointer Realm;

	}

	/** {@code HTTP_SERVER_AUTHENTICATION_BASIC_PARAMS}. */
	@FieldOrder({ "RealmLength", "Realm" })
	public static class HttpServerAuthenticationBasicParams extends Structure {

		public short RealmLength;

		public Pointer Realm;

	}

	/** {@code HTTP_SERVER_AUTHENTICATION_INFO}. */
	@FieldOrder({ "Flags", "AuthSchemes", "ReceiveMutualAuth", "ReceiveContextHandle",
			"DisableNTLMCredentialCaching", "ExFlags", "DigestParams", "BasicParams" })
	public static class HttpServerAuthenticationInfo extends Structure {

		public int Flags;

		public int AuthSchemes;

		public byte ReceiveMutualAuth;

		public byte ReceiveContextHandle;

		public byte DisableNTLMCredentialCaching;

		public byte ExFlags;

		public HttpServerAuthenticationDigestParams DigestParams;

		public HttpServerAuthenticationBasicParams BasicParams;

	}

}

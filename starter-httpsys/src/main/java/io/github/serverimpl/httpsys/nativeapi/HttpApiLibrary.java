package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The calls of {@code httpapi.dll} (HTTP Server API v2) the server makes, one method per Win32
 * function with the Win32 name and parameters, all synchronous (no {@code OVERLAPPED}). Each
 * returns a Win32 error code, {@code NO_ERROR} (0) on success.
 *
 * <p>{@code HTTPAPI_VERSION} (two {@code USHORT}s, passed by value) is passed as the {@code int}
 * it occupies: {@link #HTTPAPI_VERSION_2}. The constants carry their Win32 names so that a test can
 * compare each with the Windows headers.
 *
 * <p>On Windows {@link HttpApi#load()} binds this interface to the DLL through JNA; tests bind it to
 * an in-memory implementation.
 */
public interface HttpApiLibrary extends Library {

	/** {@code HTTPAPI_VERSION_2} as the {@code int} it occupies: major 2 (low half), minor 0. */
	int HTTPAPI_VERSION_2 = 2;

	int HTTP_INITIALIZE_SERVER = 0x00000001;

	int HTTP_INITIALIZE_CONFIG = 0x00000002;

	int HTTP_SEND_RESPONSE_FLAG_DISCONNECT = 0x00000001;

	int HTTP_SEND_RESPONSE_FLAG_MORE_DATA = 0x00000002;

	int HTTP_REQUEST_FLAG_MORE_ENTITY_BODY_EXISTS = 0x00000001;

	// HTTP_SERVER_PROPERTY
	int HttpServerAuthenticationProperty = 0;

	int HttpServerQosProperty = 2;

	int HttpServerTimeoutsProperty = 3;

	int HttpServerQueueLengthProperty = 4;

	int HttpServer503VerbosityProperty = 6;

	int HttpServerBindingProperty = 7;

	// HTTP_QOS_SETTING_TYPE
	int HttpQosSettingTypeConnectionLimit = 1;

	// HTTP_VERB
	int HttpVerbUnknown = 1;

	// HTTP_DATA_CHUNK_TYPE
	int HttpDataChunkFromMemory = 0;

	// HTTP_REQUEST_INFO_TYPE
	int HttpRequestInfoTypeAuth = 0;

	// HTTP_AUTH_STATUS
	int HttpAuthStatusSuccess = 0;

	// HTTP_RESPONSE_INFO_TYPE
	int HttpResponseInfoTypeMultipleKnownHeaders = 0;

	// HTTP_CACHE_POLICY_TYPE
	int HttpCachePolicyTimeToLive = 2;

	// HTTP_503_RESPONSE_VERBOSITY
	int Http503ResponseVerbosityBasic = 0;

	int Http503ResponseVerbosityLimited = 1;

	int Http503ResponseVerbosityFull = 2;

	// Win32 error codes (winerror.h)
	int NO_ERROR = 0;

	int ERROR_FILE_NOT_FOUND = 2;

	int ERROR_ACCESS_DENIED = 5;

	int ERROR_INVALID_HANDLE = 6;

	int ERROR_HANDLE_EOF = 38;

	int ERROR_NETNAME_DELETED = 64;

	int ERROR_INVALID_PARAMETER = 87;

	int ERROR_ALREADY_EXISTS = 183;

	int ERROR_MORE_DATA = 234;

	int ERROR_OPERATION_ABORTED = 995;

	int ERROR_CONNECTION_INVALID = 1229;

	/** The SOCKADDR address families of Windows (ws2def.h). */
	short AF_INET = 2;

	short AF_INET6 = 23;

	/**
	 * Constants of the Windows SDK's {@code http.h} that mingw-w64's copy of the header lacks; the
	 * values are the SDK's (learn.microsoft.com, HTTP Server API reference).
	 */
	final class SdkOnly {

		/** {@code HTTP_REQUEST_FLAG_HTTP2}: the request arrived over HTTP/2. */
		public static final int HTTP_REQUEST_FLAG_HTTP2 = 0x00000004;

		/** {@code HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING}. */
		public static final int HTTP_CREATE_REQUEST_QUEUE_FLAG_OPEN_EXISTING = 0x00000001;

		/** {@code HTTP_URL_FLAG_REMOVE_ALL}. */
		public static final int HTTP_URL_FLAG_REMOVE_ALL = 0x00000001;

		/** {@code HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER}: send several values of a header in order. */
		public static final int HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER = 0x00000001;

		/** {@code HTTP_AUTH_ENABLE_BASIC}. */
		public static final int HTTP_AUTH_ENABLE_BASIC = 0x00000001;

		/** {@code HTTP_AUTH_ENABLE_NTLM}. */
		public static final int HTTP_AUTH_ENABLE_NTLM = 0x00000004;

		/** {@code HTTP_AUTH_ENABLE_NEGOTIATE}. */
		public static final int HTTP_AUTH_ENABLE_NEGOTIATE = 0x00000008;

		/** {@code HTTP_AUTH_ENABLE_KERBEROS}. */
		public static final int HTTP_AUTH_ENABLE_KERBEROS = 0x00000010;

		private SdkOnly() {
		}

	}

	int HttpInitialize(int version, int flags, Pointer reserved);

	int HttpTerminate(int flags, Pointer reserved);

	int HttpCreateServerSession(int version, LongByReference serverSessionId, int reserved);

	int HttpCloseServerSession(long serverSessionId);

	int HttpCreateUrlGroup(long serverSessionId, LongByReference urlGroupId, int reserved);

	int HttpCloseUrlGroup(long urlGroupId);

	int HttpSetUrlGroupProperty(long urlGroupId, int property, Pointer propertyInformation, int length);

	int HttpAddUrlToUrlGroup(long urlGroupId, WString fullyQualifiedUrl, long urlContext, int reserved);

	int HttpRemoveUrlFromUrlGroup(long urlGroupId, WString fullyQualifiedUrl, int flags);

	int HttpCreateRequestQueue(int version, WString name, Pointer securityAttributes, int flags,
			PointerByReference requestQueueHandle);

	int HttpSetRequestQueueProperty(Pointer requestQueueHandle, int property, Pointer propertyInformation,
			int length, int reserved, Pointer reserved2);

	int HttpShutdownRequestQueue(Pointer requestQueueHandle);

	int HttpCloseRequestQueue(Pointer requestQueueHandle);

	int HttpReceiveHttpRequest(Pointer requestQueueHandle, long requestId, int flags, Pointer requestBuffer,
			int requestBufferLength, IntByReference bytesReturned, Pointer overlapped);

	int HttpReceiveRequestEntityBody(Pointer requestQueueHandle, long requestId, int flags, Pointer buffer,
			int bufferLength, IntByReference bytesReturned, Pointer overlapped);

	int HttpSendHttpResponse(Pointer requestQueueHandle, long requestId, int flags, Pointer httpResponse,
			Pointer cachePolicy, IntByReference bytesSent, Pointer reserved1, int reserved2, Pointer overlapped,
			Pointer logData);

	int HttpSendResponseEntityBody(Pointer requestQueueHandle, long requestId, int flags, short entityChunkCount,
			Pointer entityChunks, IntByReference bytesSent, Pointer reserved1, int reserved2, Pointer overlapped,
			Pointer logData);

	int HttpCancelHttpRequest(Pointer requestQueueHandle, long requestId, Pointer overlapped);

}

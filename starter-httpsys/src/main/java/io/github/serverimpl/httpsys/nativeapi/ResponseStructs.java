package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.Union;

import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpKnownHeader;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpVersion;

/**
 * The structs of a response as {@code HttpSendHttpResponse} and {@code HttpSendResponseEntityBody}
 * take it ({@code HTTP_RESPONSE_V2}, its headers and body chunks), named field by field as in {@code http.h};
 * see {@link HttpStructs} for the mapping rules.
 */
public final class ResponseStructs {

	private ResponseStructs() {
	}

	/** {@code HTTP_RESPONSE_HEADERS}. */
	@FieldOrder({ "UnknownHeaderCount", "pUnknownHeaders", "TrailerCount", "pTrailers", "KnownHeaders" })
	public static class HttpResponseHeaders extends Structure {

		public short UnknownHeaderCount;

		public Pointer pUnknownHeaders;

		public short TrailerCount;

		public Pointer pTrailers;

		public HttpKnownHeader[] KnownHeaders = HttpStructs.knownHeaders(HttpStructs.RESPONSE_KNOWN_HEADER_COUNT);

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

}

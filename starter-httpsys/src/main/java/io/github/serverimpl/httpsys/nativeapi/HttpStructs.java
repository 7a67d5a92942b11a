package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The structs of the HTTP Server API v2 ({@code http.h}) that requests and responses share, and the
 * rules every struct of this package follows ({@link RequestStructs}, {@link ResponseStructs},
 * {@link PropertyStructs}): fields named as in Win32 so that each can be checked against the header.
 * {@code ULONG} maps to {@code int} and {@code USHORT} to {@code short} (Windows is LLP64); pointers
 * and handles are
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

}

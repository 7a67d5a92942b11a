package io.github.serverimpl.httpsys.nativeapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.jna.Pointer;

import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpDataChunk;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpKnownHeader;
import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpMultipleKnownHeaders;
import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpResponse;
import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpResponseInfo;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpUnknownHeader;

/**
 * Reads an {@code HTTP_RESPONSE_V2} and {@code HTTP_DATA_CHUNK}s the way HTTP.sys would.
 */
final class ResponseReader {

	private ResponseReader() {
	}

	static void read(Pointer pointer, FakeResponse into) {
		HttpResponse response = new HttpResponse(pointer);
		response.read();
		into.status = Short.toUnsignedInt(response.StatusCode);
		into.reason = text(response.pReason, response.ReasonLength);
		for (int id = 0; id < response.Headers.KnownHeaders.length; id++) {
			HttpKnownHeader header = response.Headers.KnownHeaders[id];
			if (header.pRawValue != null) {
				into.headers.add(Map.entry(KnownHeaders.RESPONSE[id], text(header.pRawValue, header.RawValueLength)));
			}
		}
		int unknownSize = new HttpUnknownHeader().size();
		for (int i = 0; i < response.Headers.UnknownHeaderCount; i++) {
			HttpUnknownHeader header = new HttpUnknownHeader(response.Headers.pUnknownHeaders.share((long) i * unknownSize));
			header.read();
			into.headers.add(Map.entry(text(header.pName, header.NameLength), text(header.pRawValue, header.RawValueLength)));
		}
		int infoSize = new HttpResponseInfo().size();
		int knownSize = new HttpKnownHeader().size();
		for (int i = 0; i < response.ResponseInfoCount; i++) {
			HttpResponseInfo info = new HttpResponseInfo(response.pResponseInfo.share((long) i * infoSize));
			info.read();
			if (info.Type == HttpApiLibrary.HttpResponseInfoTypeMultipleKnownHeaders) {
				HttpMultipleKnownHeaders multiple = new HttpMultipleKnownHeaders(info.pInfo);
				multiple.read();
				for (int v = 0; v < multiple.KnownHeaderCount; v++) {
					HttpKnownHeader header = new HttpKnownHeader(multiple.KnownHeaders.share((long) v * knownSize));
					header.read();
					into.headers.add(Map.entry(KnownHeaders.RESPONSE[multiple.HeaderId],
							text(header.pRawValue, header.RawValueLength)));
				}
			}
		}
		readChunks(response.pEntityChunks, response.EntityChunkCount, into.body);
	}

	static void readChunks(Pointer chunks, short count, ByteArrayOutputStream into) {
		int chunkSize = new HttpDataChunk().size();
		for (int i = 0; i < count; i++) {
			HttpDataChunk chunk = new HttpDataChunk(chunks.share((long) i * chunkSize));
			chunk.read();
			if (chunk.DataChunkType != HttpApiLibrary.HttpDataChunkFromMemory) {
				throw new IllegalStateException("Only memory chunks expected, got type " + chunk.DataChunkType);
			}
			chunk.DUMMYUNIONNAME.setType(ResponseStructs.FromMemory.class);
			chunk.DUMMYUNIONNAME.read();
			ResponseStructs.FromMemory memory = chunk.DUMMYUNIONNAME.FromMemory;
			byte[] bytes = memory.pBuffer.getByteArray(0, memory.BufferLength);
			synchronized (into) {
				into.write(bytes, 0, bytes.length);
			}
		}
	}

	private static String text(Pointer pointer, short length) {
		return (pointer != null) ? new String(pointer.getByteArray(0, Short.toUnsignedInt(length)),
				StandardCharsets.ISO_8859_1) : "";
	}

}

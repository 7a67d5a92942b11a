package io.github.serverimpl.httpsys.nativeapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import org.jspecify.annotations.Nullable;

import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.FromMemory;
import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpDataChunk;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpKnownHeader;
import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpMultipleKnownHeaders;
import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpResponse;
import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpResponseInfo;
import io.github.serverimpl.httpsys.nativeapi.HttpStructs.HttpUnknownHeader;

/**
 * Native memory for one send: an {@code HTTP_RESPONSE_V2} with its headers and body chunks, or
 * body chunks alone. A header HTTP.sys knows goes to its slot, several values of one as
 * {@code HTTP_MULTIPLE_KNOWN_HEADERS}; any other header is an unknown header, one per value.
 * Response header values are Latin-1, as ASP.NET Core sends them.
 */
final class NativeResponse {

	/** What the native structs point to, kept reachable until the call returns. */
	private final List<Object> keep = new ArrayList<>();

	private @Nullable HttpResponse response;

	private @Nullable Pointer chunks;

	private int chunkCount;

	private NativeResponse() {
	}

	/**
	 * Lay out a response: status, headers and the body parts that go with them.
	 */
	static NativeResponse of(int statusCode, String reason, Map<String, List<String>> headers, List<byte[]> body) {
		NativeResponse nativeResponse = new NativeResponse();
		nativeResponse.response = nativeResponse.build(statusCode, reason, headers, body);
		return nativeResponse;
	}

	/**
	 * Lay out body parts alone, as {@code HTTP_DATA_CHUNK}s.
	 */
	static NativeResponse ofChunks(List<byte[]> body) {
		NativeResponse nativeResponse = new NativeResponse();
		nativeResponse.chunks = nativeResponse.chunks(body);
		return nativeResponse;
	}

	Pointer response() {
		HttpResponse response = this.response;
		if (response == null) {
			throw new IllegalStateException("Only body chunks were laid out");
		}
		return response.getPointer();
	}

	@Nullable Pointer chunks() {
		return this.chunks;
	}

	short chunkCount() {
		return (short) this.chunkCount;
	}

	private HttpResponse build(int statusCode, String reason, Map<String, List<String>> headers, List<byte[]> body) {
		HttpResponse response = new HttpResponse();
		response.Version.MajorVersion = 1;
		response.Version.MinorVersion = 1;
		response.StatusCode = (short) statusCode;
		response.pReason = bytes(reason.getBytes(StandardCharsets.US_ASCII));
		response.ReasonLength = (short) reason.length();
		List<Map.Entry<String, String>> unknown = new ArrayList<>();
		List<HttpMultipleKnownHeaders> multiple = new ArrayList<>();
		headers.forEach((name, values) -> {
			int id = KnownHeaders.responseId(name);
			if (id < 0) {
				values.forEach((value) -> unknown.add(Map.entry(name, value)));
			}
			else if (values.size() == 1) {
				set(response.Headers.KnownHeaders[id], values.get(0));
			}
			else if (!values.isEmpty()) {
				multiple.add(multiple(id, values));
			}
		});
		if (!unknown.isEmpty()) {
			Structure[] array = new HttpUnknownHeader().toArray(unknown.size());
			for (int i = 0; i < array.length; i++) {
				HttpUnknownHeader header = (HttpUnknownHeader) array[i];
				byte[] name = latin1(unknown.get(i).getKey());
				byte[] value = latin1(unknown.get(i).getValue());
				header.pName = bytes(name);
				header.NameLength = (short) name.length;
				header.pRawValue = bytes(value);
				header.RawValueLength = (short) value.length;
				header.write();
			}
			response.Headers.UnknownHeaderCount = (short) array.length;
			response.Headers.pUnknownHeaders = keep(array[0]).getPointer();
		}
		if (!multiple.isEmpty()) {
			Structure[] infos = new HttpResponseInfo().toArray(multiple.size());
			for (int i = 0; i < infos.length; i++) {
				HttpResponseInfo info = (HttpResponseInfo) infos[i];
				info.Type = HttpApiLibrary.HttpResponseInfoTypeMultipleKnownHeaders;
				info.Length = multiple.get(i).size();
				info.pInfo = multiple.get(i).getPointer();
				info.write();
			}
			response.ResponseInfoCount = (short) infos.length;
			response.pResponseInfo = keep(infos[0]).getPointer();
		}
		response.pEntityChunks = chunks(body);
		response.EntityChunkCount = (short) this.chunkCount;
		response.write();
		return response;
	}

	private HttpMultipleKnownHeaders multiple(int id, List<String> values) {
		Structure[] array = new HttpKnownHeader().toArray(values.size());
		for (int i = 0; i < array.length; i++) {
			set((HttpKnownHeader) array[i], values.get(i));
			array[i].write();
		}
		HttpMultipleKnownHeaders headers = new HttpMultipleKnownHeaders();
		headers.HeaderId = id;
		headers.Flags = HttpApiLibrary.SdkOnly.HTTP_RESPONSE_INFO_FLAGS_PRESERVE_ORDER;
		headers.KnownHeaderCount = (short) array.length;
		headers.KnownHeaders = keep(array[0]).getPointer();
		headers.write();
		return keep(headers);
	}

	private @Nullable Pointer chunks(List<byte[]> body) {
		List<byte[]> parts = body.stream().filter((part) -> part.length > 0).toList();
		this.chunkCount = parts.size();
		if (parts.isEmpty()) {
			return null;
		}
		Structure[] array = new HttpDataChunk().toArray(parts.size());
		for (int i = 0; i < array.length; i++) {
			HttpDataChunk chunk = (HttpDataChunk) array[i];
			chunk.DataChunkType = HttpApiLibrary.HttpDataChunkFromMemory;
			chunk.DUMMYUNIONNAME.setType(FromMemory.class);
			chunk.DUMMYUNIONNAME.FromMemory.pBuffer = bytes(parts.get(i));
			chunk.DUMMYUNIONNAME.FromMemory.BufferLength = parts.get(i).length;
			chunk.write();
		}
		return keep(array[0]).getPointer();
	}

	private void set(HttpKnownHeader header, String value) {
		byte[] bytes = latin1(value);
		header.pRawValue = bytes(bytes);
		header.RawValueLength = (short) bytes.length;
	}

	private @Nullable Pointer bytes(byte[] bytes) {
		if (bytes.length == 0) {
			return null;
		}
		Memory memory = new Memory(bytes.length);
		memory.write(0, bytes, 0, bytes.length);
		return keep(memory);
	}

	private <T> T keep(T reference) {
		this.keep.add(reference);
		return reference;
	}

	private static byte[] latin1(String value) {
		return value.getBytes(StandardCharsets.ISO_8859_1);
	}

}

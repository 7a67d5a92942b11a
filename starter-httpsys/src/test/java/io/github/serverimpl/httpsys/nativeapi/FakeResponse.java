package io.github.serverimpl.httpsys.nativeapi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A response as the server sent it through the API.
 */
public final class FakeResponse {

	int status;

	String reason = "";

	final List<Map.Entry<String, String>> headers = new CopyOnWriteArrayList<>();

	final ByteArrayOutputStream body = new ByteArrayOutputStream();

	final List<Integer> sendFlags = new CopyOnWriteArrayList<>();

	int cacheSeconds;

	volatile boolean cancelled;

	final CompletableFuture<FakeResponse> done = new CompletableFuture<>();

	void sent(int flags) {
		this.sendFlags.add(flags);
		if ((flags & HttpApiLibrary.HTTP_SEND_RESPONSE_FLAG_MORE_DATA) == 0) {
			this.done.complete(this);
		}
	}

	public int status() {
		return this.status;
	}

	public String reason() {
		return this.reason;
	}

	public List<String> headers(String name) {
		return this.headers.stream().filter((header) -> header.getKey().equalsIgnoreCase(name))
			.map(Map.Entry::getValue).toList();
	}

	public synchronized String body() {
		return this.body.toString(StandardCharsets.ISO_8859_1);
	}

	public List<Integer> sendFlags() {
		return this.sendFlags;
	}

	public int cacheSeconds() {
		return this.cacheSeconds;
	}

	public boolean cancelled() {
		return this.cancelled;
	}

	public boolean disconnects() {
		return this.sendFlags.stream().anyMatch((flags) -> (flags & HttpApiLibrary.HTTP_SEND_RESPONSE_FLAG_DISCONNECT) != 0);
	}

}

package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.Memory;
import org.jspecify.annotations.Nullable;

/**
 * A request body read piece by piece from HTTP.sys.
 */
public final class RequestBody {

	private final RequestQueue queue;

	private final long requestId;

	private @Nullable Memory buffer;

	private boolean ended;

	RequestBody(RequestQueue queue, long requestId) {
		this.queue = queue;
		this.requestId = requestId;
	}

	/**
	 * Read up to {@code length} bytes of the body.
	 * @param target where to copy them
	 * @param offset the first index to fill
	 * @param length the most bytes to read
	 * @return the bytes read, or -1 at the end of the body
	 * @throws HttpApiException if the call fails, for example because the client went away
	 */
	public int read(byte[] target, int offset, int length) throws HttpApiException {
		if (this.ended) {
			return -1;
		}
		if (length == 0) {
			return 0;
		}
		int size = Math.min(length, RequestQueue.MAX_BODY_READ);
		Memory buffer = this.buffer;
		if (buffer == null || buffer.size() < size) {
			buffer = new Memory(size);
			this.buffer = buffer;
		}
		int read = 0;
		while (read == 0) {
			read = this.queue.readBody(this.requestId, buffer, size);
		}
		if (read < 0) {
			this.ended = true;
			return -1;
		}
		buffer.read(0, target, offset, read);
		return read;
	}

}

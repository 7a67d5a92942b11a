package io.github.serverimpl.httpsys.nativeapi;

import java.lang.ref.Reference;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

import io.github.serverimpl.httpsys.nativeapi.ResponseStructs.HttpCachePolicy;
import io.github.serverimpl.httpsys.nativeapi.RequestStructs.HttpRequest;

/**
 * A request queue: where HTTP.sys delivers the requests of the URL groups bound to it, and through
 * which they are answered. Every call is synchronous; {@link #shutdown()} makes the receives that
 * wait return.
 */
public final class RequestQueue implements AutoCloseable {

	/** ASP.NET Core reads request bodies in pieces of at most 128 KB ({@code RequestStream.MaxReadSize}). */
	static final int MAX_BODY_READ = 128 * 1024;

	private static final long REQUEST_ID_OFFSET = HttpRequest.offsetOf("RequestId");

	private final HttpApi api;

	private final HttpApiLibrary library;

	private final Pointer handle;

	private final boolean created;

	RequestQueue(HttpApi api, Pointer handle, boolean created) {
		this.api = api;
		this.library = api.library();
		this.handle = handle;
		this.created = created;
	}

	Pointer handle() {
		return this.handle;
	}

	/**
	 * Return whether this process created the queue (rather than opened an existing one).
	 * @return whether the queue was created
	 */
	public boolean isCreated() {
		return this.created;
	}

	/**
	 * Set how many requests may wait in the queue ({@code HttpServerQueueLengthProperty}).
	 * @param length the queue length
	 * @throws HttpApiException if the call fails
	 */
	public void setLength(int length) throws HttpApiException {
		setProperty("HttpServerQueueLengthProperty", HttpApiLibrary.HttpServerQueueLengthProperty, length);
	}

	/**
	 * Set what a client sees when the queue is full or gone ({@code HttpServer503VerbosityProperty}).
	 * @param verbosity an {@code HTTP_503_RESPONSE_VERBOSITY}
	 * @throws HttpApiException if the call fails
	 */
	public void set503Verbosity(int verbosity) throws HttpApiException {
		setProperty("HttpServer503VerbosityProperty", HttpApiLibrary.HttpServer503VerbosityProperty, verbosity);
	}

	private void setProperty(String name, int property, int value) throws HttpApiException {
		Memory memory = new Memory(4);
		memory.setInt(0, value);
		HttpApiException.check("HttpSetRequestQueueProperty(" + name + ")",
				this.library.HttpSetRequestQueueProperty(this.handle, property, memory, 4, 0, null));
	}

	/**
	 * Create a receiver: one thread's loop of {@code HttpReceiveHttpRequest} calls, with its own
	 * buffer.
	 * @param headerCharset how to decode header values (UTF-8, or Latin-1 when asked)
	 * @return the receiver
	 */
	public Receiver receiver(Charset headerCharset) {
		return new Receiver(new RequestParser(this.api, headerCharset));
	}

	/**
	 * Read the next piece of a request body ({@code HttpReceiveRequestEntityBody}).
	 * @param requestId the request
	 * @param buffer the native buffer to read into
	 * @param length the most bytes to read, at most the buffer's size
	 * @return the bytes read, or -1 at the end of the body
	 * @throws HttpApiException if the call fails, for example because the client went away
	 */
	int readBody(long requestId, Memory buffer, int length) throws HttpApiException {
		IntByReference read = new IntByReference();
		int result = this.library.HttpReceiveRequestEntityBody(this.handle, requestId, 0, buffer, length, read, null);
		if (result == HttpApiLibrary.ERROR_HANDLE_EOF) {
			return (read.getValue() > 0) ? read.getValue() : -1;
		}
		HttpApiException.check("HttpReceiveRequestEntityBody", result);
		return read.getValue();
	}

	/**
	 * Open a request's body as a stream.
	 * @param requestId the request
	 * @return a reader of the body
	 */
	public RequestBody body(long requestId) {
		return new RequestBody(this, requestId);
	}

	/**
	 * Send the status, headers and, optionally, the first (or only) part of the body
	 * ({@code HttpSendHttpResponse}).
	 * @param requestId the request
	 * @param statusCode the status code
	 * @param reason the reason phrase
	 * @param headers the headers
	 * @param body body parts to send with them, possibly none
	 * @param moreData whether more body follows
	 * @param disconnect whether to close the connection after the response
	 * @param cacheSeconds seconds HTTP.sys may serve the response from its kernel cache, 0 for never
	 * @throws HttpApiException if the call fails
	 */
	public void sendResponse(long requestId, int statusCode, String reason, Map<String, List<String>> headers,
			List<byte[]> body, boolean moreData, boolean disconnect, int cacheSeconds) throws HttpApiException {
		NativeResponse response = NativeResponse.of(statusCode, reason, headers, body);
		HttpCachePolicy policy = null;
		if (cacheSeconds > 0) {
			policy = new HttpCachePolicy();
			policy.Policy = HttpApiLibrary.HttpCachePolicyTimeToLive;
			policy.SecondsToLive = cacheSeconds;
			policy.write();
		}
		int result = this.library.HttpSendHttpResponse(this.handle, requestId, flags(moreData, disconnect),
				response.response(), (policy != null) ? policy.getPointer() : null, new IntByReference(), null, 0,
				null, null);
		Reference.reachabilityFence(response);
		Reference.reachabilityFence(policy);
		HttpApiException.check("HttpSendHttpResponse", result);
	}

	/**
	 * Send more of the body ({@code HttpSendResponseEntityBody}); with {@code moreData} false this
	 * ends the response.
	 * @param requestId the request
	 * @param body the parts to send, possibly none
	 * @param moreData whether more body follows
	 * @param disconnect whether to close the connection after the response
	 * @throws HttpApiException if the call fails
	 */
	public void sendBody(long requestId, List<byte[]> body, boolean moreData, boolean disconnect)
			throws HttpApiException {
		NativeResponse chunks = NativeResponse.ofChunks(body);
		int result = this.library.HttpSendResponseEntityBody(this.handle, requestId, flags(moreData, disconnect),
				chunks.chunkCount(), chunks.chunks(), new IntByReference(), null, 0, null, null);
		Reference.reachabilityFence(chunks);
		HttpApiException.check("HttpSendResponseEntityBody", result);
	}

	private static int flags(boolean moreData, boolean disconnect) {
		return (moreData ? HttpApiLibrary.HTTP_SEND_RESPONSE_FLAG_MORE_DATA : 0)
				| (disconnect ? HttpApiLibrary.HTTP_SEND_RESPONSE_FLAG_DISCONNECT : 0);
	}

	/**
	 * Abort a request: HTTP.sys resets its connection ({@code HttpCancelHttpRequest}).
	 * @param requestId the request
	 */
	public void cancel(long requestId) {
		this.library.HttpCancelHttpRequest(this.handle, requestId, null);
	}

	/**
	 * Stop delivering requests; receives that wait return ({@code HttpShutdownRequestQueue}).
	 */
	public void shutdown() {
		this.library.HttpShutdownRequestQueue(this.handle);
	}

	/**
	 * Close the queue ({@code HttpCloseRequestQueue}).
	 */
	@Override
	public void close() {
		this.library.HttpCloseRequestQueue(this.handle);
	}

	/**
	 * One thread's request receiving: a native buffer that grows when a request does not fit.
	 */
	public final class Receiver {

		/** Room for a typical request's headers; a larger one makes the buffer grow. */
		static final int INITIAL_BUFFER_SIZE = 4096;

		private final RequestParser parser;

		private Memory buffer = new Memory(INITIAL_BUFFER_SIZE);

		Receiver(RequestParser parser) {
			this.parser = parser;
		}

		/**
		 * Wait for the next request ({@code HttpReceiveHttpRequest}). When it does not fit the buffer
		 * ({@code ERROR_MORE_DATA}), grow the buffer to the size HTTP.sys asks for and receive the same
		 * request again by its id.
		 * @return the request, or {@code null} once the queue is shut down
		 * @throws HttpApiException if the call fails otherwise
		 */
		public @Nullable ReceivedRequest receive() throws HttpApiException {
			long requestId = 0;
			while (true) {
				IntByReference received = new IntByReference();
				int result = RequestQueue.this.library.HttpReceiveHttpRequest(RequestQueue.this.handle, requestId, 0,
						this.buffer, (int) this.buffer.size(), received, null);
				switch (result) {
					case HttpApiLibrary.NO_ERROR:
						return this.parser.parse(this.buffer);
					case HttpApiLibrary.ERROR_MORE_DATA:
						requestId = this.buffer.getLong(REQUEST_ID_OFFSET);
						this.buffer = new Memory(Math.max(received.getValue(), this.buffer.size() * 2));
						break;
					case HttpApiLibrary.ERROR_CONNECTION_INVALID:
						if (requestId == 0) {
							throw new HttpApiException("HttpReceiveHttpRequest", result);
						}
						requestId = 0; // the client left between the two calls: take the next request
						break;
					case HttpApiLibrary.ERROR_OPERATION_ABORTED:
					case HttpApiLibrary.ERROR_INVALID_HANDLE:
						return null;
					default:
						throw new HttpApiException("HttpReceiveHttpRequest", result);
				}
			}
		}

		/**
		 * Return the size of the receive buffer.
		 * @return bytes
		 */
		public long bufferSize() {
			return this.buffer.size();
		}

	}

}

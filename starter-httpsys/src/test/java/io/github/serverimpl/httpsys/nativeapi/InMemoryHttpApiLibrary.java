package io.github.serverimpl.httpsys.nativeapi;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory stand-in for {@code httpapi.dll}, for tests on machines without Windows: a request
 * queue fed by the test, which writes each request into the caller's buffer as HTTP.sys lays out an
 * {@code HTTP_REQUEST_V2} (with {@code ERROR_MORE_DATA} when it does not fit), serves bodies in the
 * pieces the test gave, and reads back every response the server sends. It records the calls.
 */
public final class InMemoryHttpApiLibrary implements HttpApiLibrary {

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private final BlockingQueue<FakeRequest> incoming = new LinkedBlockingQueue<>();

	private final Map<Long, FakeRequest> pending = new ConcurrentHashMap<>();

	private final Map<Long, FakeRequest> requests = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong(100);

	private final AtomicInteger waitingReceives = new AtomicInteger();

	private final Map<String, Integer> failures = new ConcurrentHashMap<>();

	private final List<Integer> receiveBufferSizes = new CopyOnWriteArrayList<>();

	private final Map<Integer, byte[]> properties = new ConcurrentHashMap<>();

	private volatile boolean shutdown;

	/**
	 * Return the API over this library, as {@link HttpApi#load()} returns it over the DLL; access
	 * tokens are named {@code TEST\\user<token address>}.
	 * @return the API
	 * @throws HttpApiException if initialising fails
	 */
	public HttpApi api() throws HttpApiException {
		return new HttpApi(this, (token) -> "TEST\\user" + Pointer.nativeValue(token));
	}

	/**
	 * Make a call fail with a Win32 error code.
	 * @param call the Win32 function name
	 * @param errorCode the code it returns
	 */
	public void fail(String call, int errorCode) {
		this.failures.put(call, errorCode);
	}

	/**
	 * Deliver a request to the queue.
	 * @param request the request
	 * @return the same request, to await its response
	 */
	public FakeRequest deliver(FakeRequest request) {
		request.requestId = this.ids.incrementAndGet();
		this.requests.put(request.requestId, request);
		this.incoming.add(request);
		return request;
	}

	public List<String> calls() {
		return this.calls;
	}

	public int waitingReceives() {
		return this.waitingReceives.get();
	}

	public List<Integer> receiveBufferSizes() {
		return this.receiveBufferSizes;
	}

	/**
	 * Return the bytes the server set for a URL group or queue property.
	 * @param property the {@code HTTP_SERVER_PROPERTY}
	 * @return the property information as passed, or {@code null}
	 */
	public byte @Nullable [] property(int property) {
		return this.properties.get(property);
	}

	private int call(String name) {
		this.calls.add(name);
		return this.failures.getOrDefault(name, NO_ERROR);
	}

	@Override
	public int HttpInitialize(int version, int flags, Pointer reserved) {
		return call("HttpInitialize");
	}

	@Override
	public int HttpTerminate(int flags, Pointer reserved) {
		return call("HttpTerminate");
	}

	@Override
	public int HttpCreateServerSession(int version, LongByReference serverSessionId, int reserved) {
		serverSessionId.setValue(1);
		return call("HttpCreateServerSession");
	}

	@Override
	public int HttpCloseServerSession(long serverSessionId) {
		return call("HttpCloseServerSession");
	}

	@Override
	public int HttpCreateUrlGroup(long serverSessionId, LongByReference urlGroupId, int reserved) {
		urlGroupId.setValue(2);
		return call("HttpCreateUrlGroup");
	}

	@Override
	public int HttpCloseUrlGroup(long urlGroupId) {
		return call("HttpCloseUrlGroup");
	}

	@Override
	public int HttpSetUrlGroupProperty(long urlGroupId, int property, Pointer propertyInformation, int length) {
		this.properties.put(property, propertyInformation.getByteArray(0, length));
		return call("HttpSetUrlGroupProperty:" + property);
	}

	@Override
	public int HttpAddUrlToUrlGroup(long urlGroupId, WString fullyQualifiedUrl, long urlContext, int reserved) {
		return call("HttpAddUrlToUrlGroup:" + fullyQualifiedUrl);
	}

	@Override
	public int HttpRemoveUrlFromUrlGroup(long urlGroupId, WString fullyQualifiedUrl, int flags) {
		return call("HttpRemoveUrlFromUrlGroup:" + fullyQualifiedUrl);
	}

	@Override
	public int HttpCreateRequestQueue(int version, WString name, Pointer securityAttributes, int flags,
			PointerByReference requestQueueHandle) {
		requestQueueHandle.setValue(new Pointer(0x42));
		return call("HttpCreateRequestQueue:" + flags);
	}

	@Override
	public int HttpSetRequestQueueProperty(Pointer requestQueueHandle, int property, Pointer propertyInformation,
			int length, int reserved, Pointer reserved2) {
		this.properties.put(property, propertyInformation.getByteArray(0, length));
		return call("HttpSetRequestQueueProperty:" + property);
	}

	@Override
	public int HttpShutdownRequestQueue(Pointer requestQueueHandle) {
		this.shutdown = true;
		return call("HttpShutdownRequestQueue");
	}

	@Override
	public int HttpCloseRequestQueue(Pointer requestQueueHandle) {
		return call("HttpCloseRequestQueue");
	}

	@Override
	public int HttpReceiveHttpRequest(Pointer requestQueueHandle, long requestId, int flags, Pointer requestBuffer,
			int requestBufferLength, IntByReference bytesReturned, Pointer overlapped) {
		this.receiveBufferSizes.add(requestBufferLength);
		FakeRequest request = (requestId != 0) ? this.pending.remove(requestId) : take();
		if (request == null) {
			return (requestId != 0) ? ERROR_CONNECTION_INVALID : ERROR_OPERATION_ABORTED;
		}
		RequestWriter writer = new RequestWriter(request);
		if (writer.size() > requestBufferLength) {
			this.pending.put(request.requestId, request);
			requestBuffer.setLong(RequestStructs.HttpRequest.offsetOf("RequestId"), request.requestId);
			bytesReturned.setValue(writer.size());
			return ERROR_MORE_DATA;
		}
		writer.write(requestBuffer);
		bytesReturned.setValue(writer.size());
		return NO_ERROR;
	}

	private @Nullable FakeRequest take() {
		this.waitingReceives.incrementAndGet();
		try {
			while (!this.shutdown) {
				FakeRequest request = this.incoming.poll(20, TimeUnit.MILLISECONDS);
				if (request != null) {
					return request;
				}
			}
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		finally {
			this.waitingReceives.decrementAndGet();
		}
	}

	@Override
	public int HttpReceiveRequestEntityBody(Pointer requestQueueHandle, long requestId, int flags, Pointer buffer,
			int bufferLength, IntByReference bytesReturned, Pointer overlapped) {
		FakeRequest request = this.requests.get(requestId);
		this.calls.add("HttpReceiveRequestEntityBody");
		if (request.bodyReads == request.disconnectAfterBodyReads) {
			return ERROR_CONNECTION_INVALID;
		}
		request.bodyReads++;
		if (request.body.isEmpty()) {
			bytesReturned.setValue(0);
			return ERROR_HANDLE_EOF;
		}
		byte[] piece = request.body.get(0);
		int length = Math.min(piece.length, bufferLength);
		buffer.write(0, piece, 0, length);
		if (length == piece.length) {
			request.body.remove(0);
		}
		else {
			request.body.set(0, Arrays.copyOfRange(piece, length, piece.length));
		}
		bytesReturned.setValue(length);
		return NO_ERROR;
	}

	@Override
	public int HttpSendHttpResponse(Pointer requestQueueHandle, long requestId, int flags, Pointer httpResponse,
			Pointer cachePolicy, IntByReference bytesSent, Pointer reserved1, int reserved2, Pointer overlapped,
			Pointer logData) {
		FakeRequest request = this.requests.get(requestId);
		this.calls.add("HttpSendHttpResponse");
		if (request.clientGone) {
			return ERROR_CONNECTION_INVALID;
		}
		ResponseReader.read(httpResponse, request.response);
		if (cachePolicy != null) {
			ResponseStructs.HttpCachePolicy policy = new ResponseStructs.HttpCachePolicy(cachePolicy);
			policy.read();
			request.response.cacheSeconds = policy.SecondsToLive;
		}
		request.response.sent(flags);
		return NO_ERROR;
	}

	@Override
	public int HttpSendResponseEntityBody(Pointer requestQueueHandle, long requestId, int flags,
			short entityChunkCount, Pointer entityChunks, IntByReference bytesSent, Pointer reserved1, int reserved2,
			Pointer overlapped, Pointer logData) {
		FakeRequest request = this.requests.get(requestId);
		this.calls.add("HttpSendResponseEntityBody");
		if (request.clientGone) {
			return ERROR_CONNECTION_INVALID;
		}
		ResponseReader.readChunks(entityChunks, entityChunkCount, request.response.body);
		request.response.sent(flags);
		return NO_ERROR;
	}

	@Override
	public int HttpCancelHttpRequest(Pointer requestQueueHandle, long requestId, Pointer overlapped) {
		int result = call("HttpCancelHttpRequest");
		FakeRequest request = this.requests.get(requestId);
		request.response.cancelled = true;
		request.response.done.complete(request.response);
		return result;
	}

}

package io.github.serverimpl.httpsys;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.serverimpl.features.HttpResponseFeature;
import io.github.serverimpl.httpsys.nativeapi.HttpApiException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * The response to a request HTTP.sys delivered. Body writes are gathered up to
 * {@value #BUFFER_SIZE} bytes and sent on {@code flush()}, when the buffer is full, or at the end;
 * a response that ends before its first send goes out in one call with a {@code Content-Length}.
 * Without a length, an HTTP/1.1 response is chunked here (HTTP.sys does not chunk), an HTTP/2
 * response is framed by HTTP.sys, and an HTTP/1.0 response ends by closing the connection.
 */
final class HttpSysResponse implements HttpResponseFeature {

	/** How much body is gathered before it is sent. */
	static final int BUFFER_SIZE = 16 * 1024;

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

	private final HttpSysContext context;

	private final HttpHeaders headers = new HttpHeaders();

	private final Body body = new Body();

	private int statusCode = 200;

	private volatile boolean started;

	private boolean chunked;

	private boolean disconnect;

	private boolean completed;

	HttpSysResponse(HttpSysContext context) {
		this.context = context;
	}

	@Override
	public int getStatusCode() {
		return this.statusCode;
	}

	@Override
	public void setStatusCode(int statusCode) {
		if (hasStarted()) {
			throw new IllegalStateException("The response has started; its status can no longer change");
		}
		this.statusCode = statusCode;
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.headers;
	}

	/**
	 * Return whether the status and headers are fixed: sent, or about to be with the body that is
	 * being gathered.
	 */
	@Override
	public boolean hasStarted() {
		return this.started || this.body.written;
	}

	@Override
	public OutputStream getBody() {
		return this.body;
	}

	@Override
	public void complete() throws IOException {
		this.body.close();
	}

	private synchronized void send(byte[] data, boolean last) throws IOException {
		if (this.completed || this.context.isAborted()) {
			if (this.context.isAborted() && this.context.options().throwWriteExceptions()) {
				throw new IOException("The client went away; the response was not sent");
			}
			return;
		}
		this.completed = last;
		try {
			if (!this.started) {
				this.started = true;
				frame(data.length, last);
				this.context.queue().sendResponse(this.context.requestId(), this.statusCode, reason(),
						headerMap(), parts(data, last), !last, last && this.disconnect, cacheSeconds());
			}
			else {
				this.context.queue().sendBody(this.context.requestId(), parts(data, last), !last,
						last && this.disconnect);
			}
		}
		catch (HttpApiException ex) {
			this.context.abort();
			if (!ex.isClientGone() || this.context.options().throwWriteExceptions()) {
				throw ex;
			}
		}
	}

	/**
	 * Decide how the body is delimited, once, before the headers go out.
	 */
	private void frame(int firstLength, boolean last) {
		if (this.context.closesConnectionAfterResponse()) {
			this.disconnect = true;
		}
		if (this.headers.getContentLength() >= 0 || !mayHaveBody()) {
			return;
		}
		if (last) {
			if (!"HEAD".equals(this.context.method())) {
				this.headers.setContentLength(firstLength);
			}
		}
		else if (this.context.protocol().equals("HTTP/1.1")) {
			this.headers.set(HttpHeaders.TRANSFER_ENCODING, "chunked");
			this.chunked = true;
		}
		else if (!this.context.protocol().equals("HTTP/2")) {
			this.disconnect = true;
		}
	}

	private boolean mayHaveBody() {
		return this.statusCode >= 200 && this.statusCode != 204 && this.statusCode != 304;
	}

	private List<byte[]> parts(byte[] data, boolean last) {
		List<byte[]> parts = new ArrayList<>(4);
		if (this.chunked) {
			if (data.length > 0) {
				parts.add((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
				parts.add(data);
				parts.add(CRLF);
			}
			if (last) {
				parts.add(LAST_CHUNK);
			}
		}
		else {
			parts.add(data);
		}
		return parts;
	}

	private String reason() {
		HttpStatus status = HttpStatus.resolve(this.statusCode);
		return (status != null) ? status.getReasonPhrase() : "";
	}

	private Map<String, List<String>> headerMap() {
		Map<String, List<String>> map = new LinkedHashMap<>();
		this.headers.forEach(map::put);
		return map;
	}

	private int cacheSeconds() {
		return this.context.options().enableResponseCaching()
				? ResponseCaching.secondsToLive(this.context.method(), this.statusCode, this.headers) : 0;
	}

	/**
	 * The body stream: gathers writes and sends them.
	 */
	private final class Body extends OutputStream {

		private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);

		private volatile boolean written;

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
			this.written = true;
			this.buffer.write(bytes, offset, length);
			if (this.buffer.size() >= BUFFER_SIZE) {
				flush();
			}
		}

		@Override
		public synchronized void flush() throws IOException {
			if (this.buffer.size() > 0 || !HttpSysResponse.this.started) {
				byte[] data = this.buffer.toByteArray();
				this.buffer.reset();
				send(data, false);
			}
		}

		@Override
		public synchronized void close() throws IOException {
			byte[] data = this.buffer.toByteArray();
			this.buffer.reset();
			send(data, true);
		}

	}

}

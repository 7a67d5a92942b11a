package io.github.serverimpl.features;

import java.io.IOException;
import java.io.OutputStream;

import org.springframework.http.HttpHeaders;

/**
 * The response as a server sends it. The status and headers may change until the response has
 * started: the first write to {@link #getBody()}, or {@link #complete()}, sends them.
 */
public interface HttpResponseFeature {

	/**
	 * Return the status code to send.
	 * @return the status code, 200 unless set
	 */
	int getStatusCode();

	/**
	 * Set the status code to send.
	 * @param statusCode the status code
	 */
	void setStatusCode(int statusCode);

	/**
	 * Return the response headers, mutable until the response has started.
	 * @return the headers
	 */
	HttpHeaders getHeaders();

	/**
	 * Return whether the status and headers have been sent.
	 * @return whether the response has started
	 */
	boolean hasStarted();

	/**
	 * Return the body stream. The first write sends status and headers: with a
	 * {@code Content-Length} header as a fixed-length body, without one chunked (HTTP/1.1).
	 * {@code flush()} pushes what was written to the client.
	 * @return the body stream
	 */
	OutputStream getBody();

	/**
	 * Finish the response: send status and headers if not yet sent, then end the body.
	 * @throws IOException if the client is gone
	 */
	void complete() throws IOException;

}

package io.github.serverimpl.httpsys.nativeapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A request as the test hands it to the queue, and the response the server sends back.
 */
public final class FakeRequest {

	final String method;

	final String rawUrl;

	final List<Map.Entry<String, String>> headers = new ArrayList<>();

	final List<byte[]> body = Collections.synchronizedList(new ArrayList<>());

	int majorVersion = 1;

	int minorVersion = 1;

	long requestId;

	long accessToken;

	long urlContext = 1;

	int disconnectAfterBodyReads = -1;

	int bodyReads;

	volatile boolean clientGone;

	final FakeResponse response = new FakeResponse();

	public FakeRequest(String method, String rawUrl) {
		this.method = method;
		this.rawUrl = rawUrl;
	}

	public FakeRequest header(String name, String value) {
		this.headers.add(Map.entry(name, value));
		return this;
	}

	/** Add a piece of the body, as one {@code HttpReceiveRequestEntityBody} returns it. */
	public FakeRequest body(String piece) {
		this.body.add(piece.getBytes(StandardCharsets.UTF_8));
		return this;
	}

	/** The client disconnects: body reads after this many fail with {@code ERROR_CONNECTION_INVALID}. */
	public FakeRequest disconnectAfterBodyReads(int reads) {
		this.disconnectAfterBodyReads = reads;
		return this;
	}

	/** The client is gone before the response: sends fail with {@code ERROR_CONNECTION_INVALID}. */
	public FakeRequest clientGone() {
		this.clientGone = true;
		return this;
	}

	/** HTTP.sys authenticated the request: an access token for the server to name. */
	public FakeRequest authenticated(long token) {
		this.accessToken = token;
		return this;
	}

	/** The request matched the URL prefix registered with this context number. */
	public FakeRequest matchedPrefix(long urlContext) {
		this.urlContext = urlContext;
		return this;
	}

	public FakeRequest http10() {
		this.minorVersion = 0;
		return this;
	}

	public long requestId() {
		return this.requestId;
	}

	/**
	 * Wait until the response is complete or the request cancelled.
	 * @return the response
	 */
	public FakeResponse response() throws Exception {
		return this.response.done.get(10, TimeUnit.SECONDS);
	}

}

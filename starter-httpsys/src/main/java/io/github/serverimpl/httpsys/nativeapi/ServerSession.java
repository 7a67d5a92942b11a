package io.github.serverimpl.httpsys.nativeapi;

import com.sun.jna.ptr.LongByReference;

/**
 * A server session ({@code HTTP_SERVER_SESSION_ID}): the owner of URL groups.
 */
public final class ServerSession implements AutoCloseable {

	private final HttpApi api;

	private final long id;

	ServerSession(HttpApi api, long id) {
		this.api = api;
		this.id = id;
	}

	/**
	 * Create a URL group in this session ({@code HttpCreateUrlGroup}).
	 * @return the group; close it to release it
	 * @throws HttpApiException if the call fails
	 */
	public UrlGroup createUrlGroup() throws HttpApiException {
		LongByReference groupId = new LongByReference();
		HttpApiException.check("HttpCreateUrlGroup", this.api.library().HttpCreateUrlGroup(this.id, groupId, 0));
		return new UrlGroup(this.api.library(), groupId.getValue());
	}

	/**
	 * Close the session ({@code HttpCloseServerSession}).
	 */
	@Override
	public void close() {
		this.api.library().HttpCloseServerSession(this.id);
	}

}

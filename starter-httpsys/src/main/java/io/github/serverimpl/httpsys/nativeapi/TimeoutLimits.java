package io.github.serverimpl.httpsys.nativeapi;

/**
 * {@code HTTP_TIMEOUT_LIMIT_INFO}: 0 keeps HTTP.sys's default (or the registry's).
 *
 * @param entityBody seconds for the request body to arrive
 * @param drainEntityBody seconds to drain an unread body on a keep-alive connection
 * @param requestQueue seconds a request may wait in the queue
 * @param idleConnection seconds an idle connection stays open
 * @param headerWait seconds to parse the request headers
 * @param minSendRate the least bytes per second a response is sent at, 0 for the default,
 * {@code 0xFFFFFFFF} for no minimum
 */
public record TimeoutLimits(int entityBody, int drainEntityBody, int requestQueue, int idleConnection,
		int headerWait, long minSendRate) {

	/** HTTP.sys's defaults everywhere. */
	public static final TimeoutLimits DEFAULTS = new TimeoutLimits(0, 0, 0, 0, 0, 0);

}

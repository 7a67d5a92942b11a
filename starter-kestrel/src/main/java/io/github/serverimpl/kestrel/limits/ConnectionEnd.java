package io.github.serverimpl.kestrel.limits;

import java.util.Locale;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Why a connection ended, and what it served, as the tags of {@code kestrel.connection.duration}.
 * The first reason recorded for a connection wins: a rejection that closes the connection is its
 * end reason, not the close that follows. Without a recorded reason, a connection ends because
 * the client closed it.
 */
public enum ConnectionEnd {

	/** The client closed the connection (the normal end of a keep-alive connection). */
	CLIENT_CLOSED,

	/** The connection failed with an I/O error (reset by the peer, broken pipe). */
	CONNECTION_RESET,

	/** The connection stayed idle for {@code server.kestrel.limits.keep-alive-timeout}. */
	KEEP_ALIVE_TIMEOUT,

	/** The server closed the connection after a response (for example {@code Connection: close}). */
	SERVER_CLOSED,

	/** The server was stopping. */
	SERVER_SHUTDOWN,

	/** The TLS handshake failed. */
	TLS_HANDSHAKE_FAILED,

	/** The request could not be decoded (Netty answered 400, 414 or 431). */
	BAD_REQUEST;

	static final AttributeKey<String> REASON = AttributeKey.valueOf("kestrel.connectionEndReason");

	static final AttributeKey<String> ENDPOINT = AttributeKey.valueOf("kestrel.endpoint");

	static final AttributeKey<String> PROTOCOL = AttributeKey.valueOf("kestrel.protocol");

	/** The protocol tag of a connection that ended before it served any. */
	static final String NO_PROTOCOL = "none";

	/**
	 * Return this reason as a tag value.
	 * @return the name in lower case, such as {@code keep_alive_timeout}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Record why a connection is ending, unless a reason is recorded already.
	 * @param channel the connection
	 * @param reason the reason
	 */
	public static void record(Channel channel, ConnectionEnd reason) {
		channel.attr(REASON).setIfAbsent(reason.tag());
	}

	/**
	 * Whether the server is stopping gracefully and this connection ends once its requests in
	 * flight are answered.
	 */
	static boolean serverStopping(Channel channel) {
		String reason = channel.attr(REASON).get();
		return reason != null && reason.equals(SERVER_SHUTDOWN.tag());
	}

	static void record(Channel channel, RejectionReason reason) {
		channel.attr(REASON).setIfAbsent(reason.tag());
	}

	static void protocol(Channel channel, String protocol) {
		channel.attr(PROTOCOL).set(protocol);
	}

}

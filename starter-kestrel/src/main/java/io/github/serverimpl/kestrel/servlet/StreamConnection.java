package io.github.serverimpl.kestrel.servlet;

import java.util.EventListener;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.io.Connection;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty connection of one request. The request's bytes travel through Kestrel's Netty
 * pipeline and its {@link ServletStream}; its {@link TunnelEndPoint} carries bytes only once the
 * request upgrades the connection (a WebSocket), when this connection gives way to Jetty's.
 */
final class StreamConnection implements Connection {

	private final ServletConnectionMetaData metaData;

	private final long created = System.currentTimeMillis();

	private @Nullable TunnelEndPoint endPoint;

	StreamConnection(ServletConnectionMetaData metaData) {
		this.metaData = metaData;
	}

	@Override
	public void addEventListener(EventListener listener) {
	}

	@Override
	public void removeEventListener(EventListener listener) {
	}

	@Override
	public void onOpen() {
	}

	@Override
	public void onClose(@Nullable Throwable cause) {
	}

	/**
	 * Return the end point, made when Jetty first asks for it (most requests never do): a byte
	 * pipe once the request upgrades the connection.
	 * @return the end point
	 */
	@Override
	public synchronized TunnelEndPoint getEndPoint() {
		if (this.endPoint == null) {
			KestrelConnector connector = this.metaData.getConnector();
			this.endPoint = new TunnelEndPoint(this.metaData, connector.getScheduler(), connector.getExecutor());
			this.endPoint.setConnection(this);
		}
		return this.endPoint;
	}

	/**
	 * Return the end point if Jetty has asked for it.
	 * @return the end point, or {@code null}
	 */
	synchronized @Nullable TunnelEndPoint endPointIfMade() {
		return this.endPoint;
	}

	@Override
	public void close() {
	}

	@Override
	public boolean onIdleExpired(TimeoutException timeout) {
		return false;
	}

	@Override
	public long getMessagesIn() {
		return 0;
	}

	@Override
	public long getMessagesOut() {
		return 0;
	}

	@Override
	public long getBytesIn() {
		return 0;
	}

	@Override
	public long getBytesOut() {
		return 0;
	}

	@Override
	public long getCreatedTimeStamp() {
		return this.created;
	}

}

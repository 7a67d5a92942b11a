package io.github.serverimpl.kestrel.servlet;

import java.net.SocketAddress;
import java.util.EventListener;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * The Jetty connection and end point of one request. Jetty's servlet layer asks its connection
 * for an end point (addresses, idle timeout); the bytes themselves travel through Kestrel's Netty
 * pipeline and the request's {@link ServletStream}, so this end point is not a byte pipe: reading
 * or writing through it, or upgrading it, is refused.
 */
final class StreamConnection implements Connection {

	private final ServletConnectionMetaData metaData;

	private final long created = System.currentTimeMillis();

	private final StreamEndPoint endPoint = new StreamEndPoint();

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

	@Override
	public EndPoint getEndPoint() {
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

	private final class StreamEndPoint implements EndPoint {

		private volatile long idleTimeout;

		@Override
		public SocketAddress getLocalSocketAddress() {
			return StreamConnection.this.metaData.getLocalSocketAddress();
		}

		@Override
		public SocketAddress getRemoteSocketAddress() {
			return StreamConnection.this.metaData.getRemoteSocketAddress();
		}

		@Override
		public boolean isSecure() {
			return StreamConnection.this.metaData.isSecure();
		}

		@Override
		public boolean isOpen() {
			return true;
		}

		@Override
		public long getCreatedTimeStamp() {
			return StreamConnection.this.created;
		}

		@Override
		public void shutdownOutput() {
		}

		@Override
		public boolean isOutputShutdown() {
			return false;
		}

		@Override
		public boolean isInputShutdown() {
			return false;
		}

		@Override
		public void close(@Nullable Throwable cause) {
		}

		@Override
		public Object getTransport() {
			return StreamConnection.this.metaData;
		}

		@Override
		public long getIdleTimeout() {
			return this.idleTimeout;
		}

		@Override
		public void setIdleTimeout(long idleTimeout) {
			// Kestrel's limits time the connection; the value is kept for Jetty to read back.
			this.idleTimeout = idleTimeout;
		}

		@Override
		public void fillInterested(Callback callback) {
			throw notAPipe();
		}

		@Override
		public boolean tryFillInterested(Callback callback) {
			throw notAPipe();
		}

		@Override
		public boolean isFillInterested() {
			return false;
		}

		@Override
		public @Nullable Callback cancelWrite(Throwable cause) {
			return null;
		}

		@Override
		public Connection getConnection() {
			return StreamConnection.this;
		}

		@Override
		public void setConnection(Connection connection) {
			throw notAPipe();
		}

		@Override
		public void onOpen() {
		}

		@Override
		public void onClose(@Nullable Throwable cause) {
		}

		@Override
		public void upgrade(Connection newConnection) {
			throw notAPipe();
		}

		private UnsupportedOperationException notAPipe() {
			return new UnsupportedOperationException(
					"A request served through Kestrel has no Jetty byte pipe; its bytes go through Kestrel's pipeline");
		}

	}

}

package io.github.serverimpl.kestrel.servlet;

import java.net.SocketAddress;

import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.util.Attributes;

/**
 * What Jetty knows of the connection a request came on, as Kestrel saw it after the trusted
 * forwarded headers were applied: the client's address and whether it used TLS are the proxy's
 * client's when a trusted proxy said so.
 */
final class ServletConnectionMetaData extends Attributes.Lazy implements ConnectionMetaData {

	private final String id;

	private final KestrelConnector connector;

	private final HttpVersion version;

	private final boolean secure;

	private final SocketAddress remote;

	private final SocketAddress local;

	private final StreamConnection connection;

	ServletConnectionMetaData(String id, KestrelConnector connector, HttpVersion version, boolean secure,
			SocketAddress remote, SocketAddress local) {
		this.id = id;
		this.connector = connector;
		this.version = version;
		this.secure = secure;
		this.remote = remote;
		this.local = local;
		this.connection = new StreamConnection(this);
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public HttpConfiguration getHttpConfiguration() {
		return this.connector.httpConfiguration();
	}

	@Override
	public HttpVersion getHttpVersion() {
		return this.version;
	}

	@Override
	public String getProtocol() {
		return this.version.asString();
	}

	@Override
	public Connection getConnection() {
		return this.connection;
	}

	@Override
	public KestrelConnector getConnector() {
		return this.connector;
	}

	@Override
	public boolean isPersistent() {
		// Kestrel decides whether the connection stays open.
		return true;
	}

	@Override
	public boolean isSecure() {
		return this.secure;
	}

	@Override
	public SocketAddress getRemoteSocketAddress() {
		return this.remote;
	}

	@Override
	public SocketAddress getLocalSocketAddress() {
		return this.local;
	}

}

package io.github.serverimpl.kestrel.servlet;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpChannel;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;

/**
 * The Jetty connector that stands for Kestrel: it opens no socket and accepts nothing. Requests
 * parsed by Kestrel's Netty pipeline reach Jetty through it, with its server's thread pool,
 * scheduler and buffer pool, and its {@link HttpConfiguration} (which Spring Boot's Jetty
 * customizers find as they would on Jetty's own connector).
 */
final class KestrelConnector extends AbstractConnector {

	private final HttpConfiguration httpConfiguration;

	private final HttpChannel.Factory channels = new HttpChannel.DefaultFactory();

	KestrelConnector(Server server) {
		this(server, kestrelConfiguration());
	}

	private KestrelConnector(Server server, HttpConfiguration httpConfiguration) {
		super(server, null, null, null, 0, new HttpConnectionFactory(httpConfiguration));
		this.httpConfiguration = httpConfiguration;
		setName("kestrel");
	}

	private static HttpConfiguration kestrelConfiguration() {
		HttpConfiguration configuration = new HttpConfiguration();
		// Kestrel sends its own Server header (server.kestrel.add-server-header).
		configuration.setSendServerVersion(false);
		configuration.setSendXPoweredBy(false);
		return configuration;
	}

	HttpConfiguration httpConfiguration() {
		return this.httpConfiguration;
	}

	HttpChannel newChannel(ServletConnectionMetaData metaData) {
		return this.channels.newHttpChannel(metaData);
	}

	@Override
	public Object getTransport() {
		// Kestrel's Netty channels carry the bytes; Jetty has no transport of its own here.
		return this;
	}

	@Override
	protected void accept(int acceptorId) {
		throw new UnsupportedOperationException("Kestrel accepts the connections; this connector has no acceptors");
	}

}

package io.github.serverimpl.kestrel.servlet;

import io.github.serverimpl.features.ServerFeatures;
import io.github.serverimpl.server.FeatureWebServer;
import org.eclipse.jetty.server.Server;

import org.springframework.boot.jetty.servlet.JettyServletWebServer;
import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.WebServerException;

/**
 * A servlet application on Kestrel: Jetty's servlet container, started by Spring Boot's own Jetty
 * web server without a network connector, behind a Kestrel server that owns every socket.
 * Kestrel binds when the application is ready, reports the bound port, and runs graceful
 * shutdown (which waits for servlet requests, synchronous and asynchronous, as for any other).
 */
final class KestrelServletWebServer extends JettyServletWebServer implements FeatureWebServer {

	private final KestrelConnector connector;

	private final FeatureWebServer network;

	KestrelServletWebServer(Server server, KestrelConnector connector, FeatureWebServer network) {
		// Not auto-started: JettyWebServer would start a connector and log a port Jetty never bound.
		super(server, false);
		this.connector = connector;
		this.network = network;
	}

	@Override
	public void start() throws WebServerException {
		super.start();
		try {
			handleDeferredInitialize(getServer());
			this.connector.start();
		}
		catch (Exception ex) {
			throw new WebServerException("Unable to start the servlet container behind Kestrel", ex);
		}
		this.network.start();
	}

	@Override
	public void stop() throws WebServerException {
		this.network.stop();
		try {
			this.connector.stop();
		}
		catch (Exception ex) {
			throw new WebServerException("Unable to stop the servlet container behind Kestrel", ex);
		}
	}

	@Override
	public void destroy() throws WebServerException {
		this.network.destroy();
		super.destroy();
	}

	@Override
	public int getPort() {
		return this.network.getPort();
	}

	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		this.network.shutDownGracefully(callback);
	}

	@Override
	public ServerFeatures getServerFeatures() {
		return this.network.getServerFeatures();
	}

}

package io.github.serverimpl.server;

import java.net.BindException;
import java.util.List;

import io.github.serverimpl.features.ServerAddress;
import io.github.serverimpl.features.ServerFeatures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerException;

/**
 * The {@link org.springframework.boot.web.server.WebServer} of a {@link CustomServer}.
 */
final class CustomWebServer implements FeatureWebServer {

	private static final Log logger = LogFactory.getLog(CustomWebServer.class);

	private final CustomServer server;

	private final CustomServerSettings settings;

	private final FeatureRequestHandler handler;

	private final ServerFeatures features = new ServerFeatures();

	private @Nullable RunningServer running;

	CustomWebServer(CustomServer server, CustomServerSettings settings, FeatureRequestHandler handler) {
		this.server = server;
		this.settings = settings;
		this.handler = handler;
	}

	@Override
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		try {
			this.running = this.server.start(this.settings, this.handler);
		}
		catch (BindException ex) {
			throw new PortInUseException(this.settings.port(), ex);
		}
		catch (Exception ex) {
			throw new WebServerException("Unable to start custom server '" + this.server.getName() + "'", ex);
		}
		List<String> addresses = this.running.getAddresses();
		this.features.getAddresses().setAddresses(addresses);
		addresses.forEach((address) -> logger.info("Now listening on: " + address));
	}

	@Override
	public synchronized void stop() {
		if (this.running != null) {
			this.running.stop();
			this.running = null;
			this.features.getAddresses().setAddresses(List.of());
		}
	}

	@Override
	public int getPort() {
		return this.features.getAddresses().getAddresses().stream().map(ServerAddress::parse)
			.filter((address) -> !address.isUnixSocket()).mapToInt(ServerAddress::port).findFirst().orElse(-1);
	}

	@Override
	public ServerFeatures getServerFeatures() {
		return this.features;
	}

}

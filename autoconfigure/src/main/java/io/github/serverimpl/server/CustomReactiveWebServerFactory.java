package io.github.serverimpl.server;

import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.reactive.AbstractReactiveWebServerFactory;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * The reactive web server factory for a {@link CustomServer}: {@code server.port} and
 * {@code server.address} tell it where to listen; the shared
 * {@link FeatureHttpHandlerAdapter} serves the application.
 */
public class CustomReactiveWebServerFactory extends AbstractReactiveWebServerFactory {

	private final CustomServer server;

	/**
	 * Create a factory for the given server.
	 * @param server the custom server
	 */
	public CustomReactiveWebServerFactory(CustomServer server) {
		this.server = server;
	}

	/**
	 * Return the server this factory starts.
	 * @return the custom server
	 */
	public CustomServer getServer() {
		return this.server;
	}

	@Override
	public WebServer getWebServer(HttpHandler httpHandler) {
		CustomServerSettings settings = new CustomServerSettings(getPort(), getAddress());
		return new CustomWebServer(this.server, settings, new FeatureHttpHandlerAdapter(httpHandler));
	}

}

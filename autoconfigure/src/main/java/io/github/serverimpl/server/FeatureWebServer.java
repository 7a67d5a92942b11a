package io.github.serverimpl.server;

import io.github.serverimpl.features.ServerFeatures;

import org.springframework.boot.web.server.WebServer;

/**
 * A {@link WebServer} that offers server-level features, among them the addresses it bound.
 */
public interface FeatureWebServer extends WebServer {

	/**
	 * Return the server's features.
	 * @return the features; the addresses feature is filled once the server has started
	 */
	ServerFeatures getServerFeatures();

}

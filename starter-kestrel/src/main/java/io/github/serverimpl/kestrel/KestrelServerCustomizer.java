package io.github.serverimpl.kestrel;

import java.util.function.BiFunction;

import reactor.netty.http.server.HttpServer;

/**
 * Customizes the Reactor Netty {@link HttpServer} of each Kestrel endpoint before it is bound. Beans
 * of this type are applied in order.
 */
@FunctionalInterface
public interface KestrelServerCustomizer extends BiFunction<EndpointOptions, HttpServer, HttpServer> {

	/**
	 * Customize the server of one endpoint.
	 * @param endpoint the endpoint being bound
	 * @param server the server configured so far
	 * @return the server to bind
	 */
	@Override
	HttpServer apply(EndpointOptions endpoint, HttpServer server);

}

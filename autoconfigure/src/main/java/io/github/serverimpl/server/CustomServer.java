package io.github.serverimpl.server;

/**
 * A web server implementation that {@code server.impl} can select by name. Register one as a
 * bean; when {@code server.impl} names it, it serves the application.
 *
 * <p>A custom server needs to implement only the request and response features: for each request
 * it builds a {@link io.github.serverimpl.features.RequestFeatures} holding an
 * {@link io.github.serverimpl.features.HttpRequestFeature} and an
 * {@link io.github.serverimpl.features.HttpResponseFeature} (and, if it can, an
 * {@link io.github.serverimpl.features.HttpConnectionFeature}) and passes it to the
 * {@link FeatureRequestHandler}.
 */
public interface CustomServer {

	/**
	 * Return the name {@code server.impl} selects this server by.
	 * @return a lower-case name, for example {@code jdk}
	 */
	String getName();

	/**
	 * Start listening and serve each request through the handler. Returns once the server
	 * listens.
	 * @param settings where to listen
	 * @param handler the application, as a feature handler
	 * @return the running server
	 * @throws Exception if the server cannot start; a bind failure should surface as a
	 * {@link java.net.BindException} so that it is reported as a port in use
	 */
	RunningServer start(CustomServerSettings settings, FeatureRequestHandler handler) throws Exception;

}

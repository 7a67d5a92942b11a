/**
 * The custom-server SPI: a server that surfaces each request as an
 * {@link io.github.serverimpl.features.HttpRequestFeature} and an
 * {@link io.github.serverimpl.features.HttpResponseFeature}, and the adapter that serves a Spring
 * {@link org.springframework.http.server.reactive.HttpHandler} from those features.
 */
@NullMarked
package io.github.serverimpl.server;

import org.jspecify.annotations.NullMarked;

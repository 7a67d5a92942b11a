/**
 * WebFlux support for the request features: per-handler request body limits.
 */
@NullMarked
package io.github.serverimpl.webflux;

import org.jspecify.annotations.NullMarked;

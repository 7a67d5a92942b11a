/**
 * WebFlux support for the request features: per-handler request body limits, whose annotations
 * ({@code @RequestSizeLimit}, {@code @DisableRequestSizeLimit}) serve Spring MVC controllers too.
 */
@NullMarked
package io.github.serverimpl.webflux;

import org.jspecify.annotations.NullMarked;

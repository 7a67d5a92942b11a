/**
 * A WebFlux application that shows what serverimpl's servers offer: the server it runs on, the
 * request as the application sees it, the bound addresses, streaming, server-sent events,
 * redirects, WebSocket and the TechEmpower-style benchmark targets.
 */
@NullMarked
package io.github.serverimpl.demo;

import org.jspecify.annotations.NullMarked;

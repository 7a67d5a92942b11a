/**
 * Kestrel for Spring MVC and other servlet applications: Kestrel's network layer (endpoints, TLS,
 * HTTP/1.1 and HTTP/2, limits, forwarded headers) in front of Jetty's servlet container, which
 * never listens on a socket itself.
 */
@NullMarked
package io.github.serverimpl.kestrel.servlet;

import org.jspecify.annotations.NullMarked;

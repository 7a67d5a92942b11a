/**
 * Kestrel for Spring Boot: a reactive web server on Reactor Netty with Kestrel's endpoint model
 * (many endpoints, Unix sockets, HTTPS with SNI, HTTP/1.1 and HTTP/2), registered as Spring
 * Boot's web server factory.
 */
@NullMarked
package io.github.serverimpl.kestrel;

import org.jspecify.annotations.NullMarked;

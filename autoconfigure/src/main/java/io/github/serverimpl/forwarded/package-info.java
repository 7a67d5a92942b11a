/**
 * Forwarded headers from trusted proxies only: {@code X-Forwarded-For}, {@code -Proto},
 * {@code -Host}, {@code -Prefix} and RFC 7239 {@code Forwarded}, applied as ASP.NET Core's
 * {@code ForwardedHeadersMiddleware} applies them, for every server implementation.
 */
@NullMarked
package io.github.serverimpl.forwarded;

import org.jspecify.annotations.NullMarked;

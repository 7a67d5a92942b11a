/**
 * The feature model: server-level and per-request features, looked up by type, in the manner
 * of ASP.NET Core's {@code IFeatureCollection}. Every server implementation produces the same
 * features, so applications read connection, protocol and address facts the same way on any
 * server.
 */
@NullMarked
package io.github.serverimpl.features;

import org.jspecify.annotations.NullMarked;

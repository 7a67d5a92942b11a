package io.github.serverimpl.server;

import java.net.InetAddress;

import org.jspecify.annotations.Nullable;

/**
 * Where a custom server listens, from {@code server.port} and {@code server.address}.
 *
 * @param port the port, 0 for a dynamic port
 * @param address the address to bind, or {@code null} for all addresses
 */
public record CustomServerSettings(int port, @Nullable InetAddress address) {

}

package io.github.serverimpl.features;

import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

/**
 * The connection a request arrived on, as the server saw it: the direct peer, never an address
 * taken from forwarded headers.
 *
 * @param connectionId an identifier unique among the server's live connections, used in logs
 * @param localAddress the address the connection was accepted on ({@code InetSocketAddress}, or a
 * Unix domain socket address)
 * @param remoteAddress the direct peer, or {@code null} when the transport has none (a Unix domain
 * socket peer)
 */
public record HttpConnectionFeature(String connectionId, @Nullable SocketAddress localAddress,
		@Nullable SocketAddress remoteAddress) {

}

package io.github.serverimpl.demo.mvc;

import org.jspecify.annotations.Nullable;

/**
 * The request as the application sees it, the answer of {@code GET /whoami}. Behind a trusted
 * proxy with forwarded headers on, the address, scheme and host are the client's, not the
 * proxy's; the protocol and connection are always those of the direct connection.
 *
 * @param remoteAddress the client's IP address ({@code getRemoteAddr()}), or {@code null} when the
 * transport has none (a Unix domain socket)
 * @param scheme {@code http} or {@code https}
 * @param host the host the request was sent to, with the port unless it is the scheme's default
 * @param contextPath the servlet context path, from {@code server.servlet.context-path} or a
 * forwarded prefix, empty when there is none
 * @param protocol the HTTP version of the connection, for example {@code HTTP/1.1}, or
 * {@code null} when the server does not tell
 * @param connectionId the server's identifier of the connection, or {@code null} when the server
 * does not tell
 */
public record WhoAmI(@Nullable String remoteAddress, String scheme, String host, String contextPath,
		@Nullable String protocol, @Nullable String connectionId) {

}

package io.github.serverimpl.httpsys.nativeapi;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A request HTTP.sys delivered, copied out of the native buffer.
 *
 * @param requestId the request's {@code HTTP_REQUEST_ID}, for reading its body and answering it
 * @param connectionId the connection's {@code HTTP_CONNECTION_ID}
 * @param urlContext the context number of the URL prefix that matched
 * @param method the method, for example {@code GET}
 * @param rawUrl the request target as the client sent it
 * @param protocol {@code HTTP/1.0}, {@code HTTP/1.1} or {@code HTTP/2}
 * @param secure whether the request arrived over TLS
 * @param headers the headers in the order HTTP.sys lists them: its known headers first
 * @param remoteAddress the client, or {@code null} if HTTP.sys gave none
 * @param localAddress the address the request arrived on, or {@code null} if HTTP.sys gave none
 * @param hasBody whether a request body follows
 * @param user the authenticated Windows account ({@code DOMAIN\\user}), or {@code null}
 */
public record ReceivedRequest(long requestId, long connectionId, long urlContext, String method, String rawUrl, String protocol,
		boolean secure, List<Map.Entry<String, String>> headers, @Nullable InetSocketAddress remoteAddress,
		@Nullable InetSocketAddress localAddress, boolean hasBody, @Nullable String user) {

}

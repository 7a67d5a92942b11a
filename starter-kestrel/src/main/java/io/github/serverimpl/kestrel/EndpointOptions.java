package io.github.serverimpl.kestrel;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.Ssl.ClientAuth;

/**
 * One endpoint of a Kestrel server, immutable, as {@link KestrelReactiveWebServerFactory} binds it.
 *
 * @param name the endpoint's name, used in messages
 * @param url where to listen
 * @param protocols the HTTP versions served
 * @param sslBundle the SSL bundle of an https endpoint; {@code null} for http, or for an https
 * endpoint whose certificates come only from its SNI map
 * @param clientAuth whether client certificates are asked for or required
 * @param sniBundles SSL bundle names by host name: exact names, {@code *.suffix} and {@code *}
 * @param proxyProtocol whether connections start with a PROXY protocol (v1 or v2) header, whose
 * source address becomes the request's remote address; a connection without one is closed
 * @param socketPermissions POSIX permissions of a Unix socket file, such as {@code rw-rw----};
 * {@code null} leaves them as the process's umask made them
 * @param connectionLogging whether to log the bytes of each connection at DEBUG
 * @param altSvcHeader whether HTTP/1.1 and HTTP/2 responses of an endpoint that also serves
 * HTTP/3 advertise it ({@code Alt-Svc: h3=":port"; ma=86400}), unless the application set its own
 */
public record EndpointOptions(String name, EndpointUrl url, HttpProtocols protocols, @Nullable String sslBundle,
		ClientAuth clientAuth, Map<String, String> sniBundles, boolean proxyProtocol,
		@Nullable String socketPermissions, boolean connectionLogging, boolean altSvcHeader) {

	/**
	 * Create and validate endpoint options.
	 */
	public EndpointOptions {
		sniBundles = Map.copyOf(sniBundles);
		if (protocols == HttpProtocols.HTTP3 && !url.isHttps()) {
			throw new IllegalArgumentException("Endpoint '" + name + "' (" + url + ") serves only HTTP/3, which "
					+ "requires HTTPS; use an https:// URL with an SSL bundle");
		}
		if (protocols.includesHttp3() && url.kind() == EndpointUrl.Kind.UNIX) {
			throw new IllegalArgumentException("Endpoint '" + name + "' (" + url + ") asks for HTTP/3, which runs "
					+ "over UDP on an IP address; use protocols http1-and-http2 here, and HTTP/3 on an https://host:port "
					+ "endpoint");
		}
		if (protocols.includesHttp3() && proxyProtocol) {
			throw new IllegalArgumentException("Endpoint '" + name + "' asks for HTTP/3 and the PROXY protocol, "
					+ "which is for TCP; serve HTTP/3 on another endpoint");
		}
		if (!url.isHttps() && (sslBundle != null || !sniBundles.isEmpty() || clientAuth != ClientAuth.NONE)) {
			throw new IllegalArgumentException("Endpoint '" + name + "' (" + url
					+ ") has HTTPS settings but an http URL; use an https:// URL or remove its ssl and sni settings");
		}
		if (url.isHttps() && sslBundle == null && sniBundles.isEmpty()) {
			throw new IllegalArgumentException("Endpoint '" + name + "' (" + url
					+ ") is https but has no certificate; set server.kestrel.endpoints." + name
					+ ".ssl.bundle to the name of an SSL bundle (spring.ssl.bundle.*)");
		}
		if (socketPermissions != null) {
			if (url.kind() != EndpointUrl.Kind.UNIX) {
				throw new IllegalArgumentException("Endpoint '" + name + "' sets socket permissions but is not a Unix "
						+ "socket; remove socket-permissions or use an http://unix:/path URL");
			}
			if (!socketPermissions.matches("[r-][w-][x-][r-][w-][x-][r-][w-][x-]")) {
				throw new IllegalArgumentException("Endpoint '" + name + "' socket-permissions: " + socketPermissions
						+ " (expected: nine characters such as rw-rw----)");
			}
		}
		if (sniBundles.containsKey("")) {
			throw new IllegalArgumentException("Endpoint '" + name + "' has an SNI entry with an empty host name");
		}
	}

	/**
	 * Create options for a plain endpoint.
	 * @param name the endpoint's name
	 * @param url the URL, for example {@code http://127.0.0.1:0}
	 * @return the options, serving HTTP/1.1 and HTTP/2
	 */
	public static EndpointOptions of(String name, String url) {
		return new EndpointOptions(name, EndpointUrl.parse(url), HttpProtocols.HTTP1_AND_HTTP2, null,
				ClientAuth.NONE, Map.of(), false, null, false, true);
	}

	/**
	 * Return a copy with other protocols.
	 * @param protocols the protocols
	 * @return the new options
	 */
	public EndpointOptions withProtocols(HttpProtocols protocols) {
		return new EndpointOptions(this.name, this.url, protocols, this.sslBundle, this.clientAuth, this.sniBundles,
				this.proxyProtocol, this.socketPermissions, this.connectionLogging, this.altSvcHeader);
	}

	/**
	 * Return a copy with TLS settings.
	 * @param sslBundle the endpoint's SSL bundle
	 * @param clientAuth the client certificate mode
	 * @param sniBundles SSL bundles by host name
	 * @return the new options
	 */
	public EndpointOptions withSsl(@Nullable String sslBundle, ClientAuth clientAuth, Map<String, String> sniBundles) {
		return new EndpointOptions(this.name, this.url, this.protocols, sslBundle, clientAuth, sniBundles,
				this.proxyProtocol, this.socketPermissions, this.connectionLogging, this.altSvcHeader);
	}

	/**
	 * Return a copy that expects a PROXY protocol header on every connection.
	 * @param proxyProtocol whether to expect the header
	 * @return the new options
	 */
	public EndpointOptions withProxyProtocol(boolean proxyProtocol) {
		return new EndpointOptions(this.name, this.url, this.protocols, this.sslBundle, this.clientAuth,
				this.sniBundles, proxyProtocol, this.socketPermissions, this.connectionLogging, this.altSvcHeader);
	}

	/**
	 * Return a copy whose Unix socket file gets the given permissions.
	 * @param socketPermissions POSIX permissions such as {@code rw-rw----}
	 * @return the new options
	 */
	public EndpointOptions withSocketPermissions(@Nullable String socketPermissions) {
		return new EndpointOptions(this.name, this.url, this.protocols, this.sslBundle, this.clientAuth,
				this.sniBundles, this.proxyProtocol, socketPermissions, this.connectionLogging, this.altSvcHeader);
	}

	/**
	 * Return a copy that advertises HTTP/3 with {@code Alt-Svc} or not.
	 * @param altSvcHeader whether to add the header
	 * @return the new options
	 */
	public EndpointOptions withAltSvcHeader(boolean altSvcHeader) {
		return new EndpointOptions(this.name, this.url, this.protocols, this.sslBundle, this.clientAuth,
				this.sniBundles, this.proxyProtocol, this.socketPermissions, this.connectionLogging, altSvcHeader);
	}

	/**
	 * Return a copy that logs connection bytes at DEBUG or not.
	 * @param connectionLogging whether to log
	 * @return the new options
	 */
	public EndpointOptions withConnectionLogging(boolean connectionLogging) {
		return new EndpointOptions(this.name, this.url, this.protocols, this.sslBundle, this.clientAuth,
				this.sniBundles, this.proxyProtocol, this.socketPermissions, connectionLogging, this.altSvcHeader);
	}

}

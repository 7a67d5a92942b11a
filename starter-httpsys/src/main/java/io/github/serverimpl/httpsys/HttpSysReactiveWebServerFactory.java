package io.github.serverimpl.httpsys;

import java.net.InetAddress;
import java.util.List;

import io.github.serverimpl.httpsys.nativeapi.HttpApi;
import io.github.serverimpl.server.FeatureHttpHandlerAdapter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.reactive.AbstractReactiveWebServerFactory;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * The reactive web server factory for HTTP.sys (Windows only). The URL prefixes come from
 * {@code server.httpsys.url-prefixes}; without them from {@code server.port} and
 * {@code server.address} ({@code http://localhost:8080/} by default). TLS certificates are bound
 * to ports in HTTP.sys itself ({@code netsh http add sslcert}), not through {@code server.ssl}.
 */
public class HttpSysReactiveWebServerFactory extends AbstractReactiveWebServerFactory {

	private static final Log logger = LogFactory.getLog(HttpSysReactiveWebServerFactory.class);

	private final HttpSysWebServer.HttpApiLoader apiLoader;

	private HttpSysOptions options = HttpSysOptions.defaults();

	/**
	 * Create a factory for the HTTP Server API of this machine.
	 */
	public HttpSysReactiveWebServerFactory() {
		this(HttpApi::load);
	}

	HttpSysReactiveWebServerFactory(HttpSysWebServer.HttpApiLoader apiLoader) {
		this.apiLoader = apiLoader;
	}

	/**
	 * Set the server's options.
	 * @param options the options
	 */
	public void setOptions(HttpSysOptions options) {
		this.options = options;
	}

	/**
	 * Return the server's options.
	 * @return the options
	 */
	public HttpSysOptions getOptions() {
		return this.options;
	}

	@Override
	public WebServer getWebServer(HttpHandler httpHandler) {
		logIgnoredSettings();
		return new HttpSysWebServer(this.apiLoader, resolvedOptions(), new FeatureHttpHandlerAdapter(httpHandler));
	}

	/**
	 * Say which of Spring Boot's server settings HTTP.sys does not take from here, and why.
	 */
	private void logIgnoredSettings() {
		Compression compression = getCompression();
		if (compression != null && compression.getEnabled()) {
			logger.warn("server.compression.enabled is ignored: the HTTP.sys server does not compress responses;"
					+ " compress in the application or in a proxy in front of it");
		}
		Ssl ssl = getSsl();
		if (ssl != null && ssl.isEnabled()) {
			logger.info("server.ssl makes the default URL prefix https; HTTP.sys serves it with the certificate"
					+ " bound to the port in Windows (netsh http add sslcert), not with server.ssl's key material");
		}
	}

	/**
	 * Return the options with the URL prefixes to register: the configured ones, or the one
	 * {@code server.port} and {@code server.address} describe.
	 */
	HttpSysOptions resolvedOptions() {
		if (!this.options.urlPrefixes().isEmpty()) {
			return this.options;
		}
		if (getPort() <= 0) {
			throw new IllegalStateException("server.port: " + getPort() + " (expected: 1-65535; HTTP.sys has no"
					+ " dynamic ports: set server.port or server.httpsys.url-prefixes)");
		}
		InetAddress address = getAddress();
		String host = (address == null || address.isLoopbackAddress()) ? "localhost"
				: address.isAnyLocalAddress() ? "+" : hostOf(address);
		Ssl ssl = getSsl();
		String scheme = (ssl != null && ssl.isEnabled()) ? "https" : "http";
		return this.options.withUrlPrefixes(List.of(UrlPrefix.parse(scheme + "://" + host + ":" + getPort() + "/")));
	}

	private static String hostOf(InetAddress address) {
		String host = address.getHostAddress();
		return (host.indexOf(':') >= 0) ? "[" + host + "]" : host;
	}

}

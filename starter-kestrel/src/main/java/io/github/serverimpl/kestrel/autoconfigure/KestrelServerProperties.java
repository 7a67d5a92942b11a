package io.github.serverimpl.kestrel.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.web.server.Ssl.ClientAuth;

/**
 * Kestrel's settings.
 */
@ConfigurationProperties("server.kestrel")
public class KestrelServerProperties {

	/**
	 * Endpoints to listen on, by name. When empty, server.port, server.address, server.ssl.* and
	 * server.http2.enabled define one endpoint.
	 */
	private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();

	/**
	 * Whether to send a 'Server: Kestrel' response header. server.server-header, when set, wins.
	 */
	private boolean addServerHeader = true;

	/**
	 * Hosts the server answers for: '*', exact names and '*.suffix' (ports ignored); a request for
	 * another host gets 400. Empty answers any host.
	 */
	private List<String> allowedHosts = new ArrayList<>();

	/**
	 * Socket transport of the event loops: 'auto' (io_uring where the kernel allows it, else
	 * epoll, else NIO), 'io-uring', 'epoll' or 'nio'.
	 */
	private KestrelTransport transport = KestrelTransport.AUTO;

	/**
	 * Limits and timeouts, with Kestrel's defaults.
	 */
	@NestedConfigurationProperty
	private final KestrelLimitsProperties limits = new KestrelLimitsProperties();

	public Map<String, Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public KestrelLimitsProperties getLimits() {
		return this.limits;
	}

	public List<String> getAllowedHosts() {
		return this.allowedHosts;
	}

	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = allowedHosts;
	}

	public KestrelTransport getTransport() {
		return this.transport;
	}

	public void setTransport(KestrelTransport transport) {
		this.transport = transport;
	}

	public boolean isAddServerHeader() {
		return this.addServerHeader;
	}

	public void setAddServerHeader(boolean addServerHeader) {
		this.addServerHeader = addServerHeader;
	}

	/**
	 * One endpoint.
	 */
	public static class Endpoint {

		/**
		 * Where to listen: 'http://host:port', 'https://host:port',
		 * 'http://unix:/absolute/path.sock', or 'http://systemd:name' and 'http://systemd:' for
		 * the sockets systemd passed (the one with that FileDescriptorName=, or every one). Host
		 * 'localhost' binds both loopbacks; '*', '+', '0.0.0.0' and '[::]' bind every address;
		 * port 0 picks a free port.
		 */
		private @Nullable String url;

		/**
		 * HTTP versions served on this endpoint. HTTP/3 (http1-and-http2-and-http3, http3) runs
		 * over QUIC on the UDP port of the same number, on https endpoints only.
		 */
		private HttpProtocols protocols = HttpProtocols.HTTP1_AND_HTTP2;

		/**
		 * TLS settings of an https endpoint.
		 */
		private final Ssl ssl = new Ssl();

		/**
		 * Certificates by the host name the client asks for (SNI): exact names, '*.suffix' and
		 * '*'.
		 */
		private final Map<String, Sni> sni = new LinkedHashMap<>();

		/**
		 * Whether connections start with a PROXY protocol (v1 or v2) header, as from HAProxy or
		 * Nginx's stream module; its source address becomes the client address. Connections
		 * without a valid header are closed.
		 */
		private boolean proxyProtocol;

		/**
		 * POSIX permissions of a Unix socket file, such as 'rw-rw----', so that a proxy running as
		 * another user can connect. Unset leaves them as the process's umask made them.
		 */
		private @Nullable String socketPermissions;

		/**
		 * Whether to log the bytes of each connection at DEBUG, under the logger
		 * 'io.github.serverimpl.kestrel.connections.<endpoint name>'.
		 */
		private boolean connectionLogging;

		/**
		 * Whether to leave out the 'Alt-Svc: h3=":port"; ma=86400' header by which the HTTP/1.1
		 * and HTTP/2 responses of an endpoint that also serves HTTP/3 advertise it.
		 */
		private boolean disableAltSvcHeader;

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public HttpProtocols getProtocols() {
			return this.protocols;
		}

		public void setProtocols(HttpProtocols protocols) {
			this.protocols = protocols;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public Map<String, Sni> getSni() {
			return this.sni;
		}

		public boolean isProxyProtocol() {
			return this.proxyProtocol;
		}

		public void setProxyProtocol(boolean proxyProtocol) {
			this.proxyProtocol = proxyProtocol;
		}

		public @Nullable String getSocketPermissions() {
			return this.socketPermissions;
		}

		public void setSocketPermissions(@Nullable String socketPermissions) {
			this.socketPermissions = socketPermissions;
		}

		public boolean isConnectionLogging() {
			return this.connectionLogging;
		}

		public void setConnectionLogging(boolean connectionLogging) {
			this.connectionLogging = connectionLogging;
		}

		public boolean isDisableAltSvcHeader() {
			return this.disableAltSvcHeader;
		}

		public void setDisableAltSvcHeader(boolean disableAltSvcHeader) {
			this.disableAltSvcHeader = disableAltSvcHeader;
		}

	}

	/**
	 * TLS settings of an endpoint.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) holding the endpoint's certificate.
		 */
		private @Nullable String bundle;

		/**
		 * Whether client certificates are not asked for, wanted or needed.
		 */
		private ClientAuth clientAuth = ClientAuth.NONE;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public ClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(ClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

	}

	/**
	 * The certificate for one SNI host name.
	 */
	public static class Sni {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) to serve for this host name.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

}

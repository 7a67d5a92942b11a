package io.github.serverimpl.kestrel.servlet;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.github.serverimpl.kestrel.ConfigurableKestrelWebServerFactory;
import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.KestrelServerCustomizer;
import io.github.serverimpl.kestrel.KestrelTransport;
import io.github.serverimpl.kestrel.KestrelWebServer;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.systemd.InheritedSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Server;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.util.StringUtils;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * A {@link org.springframework.boot.web.server.servlet.ServletWebServerFactory} for Spring MVC and
 * other servlet applications on Kestrel. Spring Boot's Jetty servlet factory sets up the servlet
 * container (context, sessions, error pages, initializers, {@code server.servlet.*}); Kestrel's
 * network layer, the same as for WebFlux, owns every socket and hands each parsed request to it.
 *
 * <p>The network settings are Kestrel's: {@code server.port}, {@code server.address},
 * {@code server.ssl.*}, {@code server.http2.enabled}, {@code server.compression.*},
 * {@code server.server-header} and {@code server.shutdown} define Kestrel's endpoint (unless
 * {@code server.kestrel.endpoints} are set), and Jetty applies none of them.
 */
public class KestrelServletWebServerFactory extends JettyServletWebServerFactory
		implements ConfigurableKestrelWebServerFactory {

	private static final Log logger = LogFactory.getLog(KestrelServletWebServerFactory.class);

	private final KestrelReactiveWebServerFactory network = new KestrelReactiveWebServerFactory();

	private @Nullable ForwardedHeaderTransformer forwardedHeaders;

	/**
	 * Create a factory listening on port 8080 unless configured otherwise.
	 */
	public KestrelServletWebServerFactory() {
	}

	/**
	 * Create a factory listening on the given port unless configured otherwise.
	 * @param port the port
	 */
	public KestrelServletWebServerFactory(int port) {
		super(port);
		this.network.setPort(port);
	}

	@Override
	public void setPort(int port) {
		super.setPort(port);
		this.network.setPort(port);
	}

	@Override
	public void setAddress(@Nullable InetAddress address) {
		super.setAddress(address);
		this.network.setAddress(address);
	}

	@Override
	public void setSsl(@Nullable Ssl ssl) {
		this.network.setSsl(ssl);
	}

	@Override
	public @Nullable Ssl getSsl() {
		return this.network.getSsl();
	}

	@Override
	public void setSslBundles(@Nullable SslBundles sslBundles) {
		this.network.setSslBundles(sslBundles);
	}

	@Override
	public void setHttp2(@Nullable Http2 http2) {
		this.network.setHttp2(http2);
	}

	@Override
	public void setCompression(@Nullable Compression compression) {
		// Kestrel compresses; Jetty's gzip handler stays out.
		this.network.setCompression(compression);
	}

	@Override
	public void setServerHeader(@Nullable String serverHeader) {
		this.network.setServerHeader(serverHeader);
	}

	@Override
	public void setShutdown(Shutdown shutdown) {
		// Kestrel's graceful shutdown waits for servlet requests too; Jetty's is not used.
		this.network.setShutdown(shutdown);
	}

	@Override
	public void setUseForwardHeaders(boolean useForwardHeaders) {
		if (useForwardHeaders) {
			logger.debug("Forwarded headers are applied by Kestrel from trusted proxies "
					+ "(server.forwarded-headers.*), not by Jetty");
		}
	}

	@Override
	public void setEndpoints(List<EndpointOptions> endpoints) {
		this.network.setEndpoints(endpoints);
	}

	/**
	 * Return the configured endpoints.
	 * @return the endpoints, empty when the inherited settings define the endpoint
	 */
	public List<EndpointOptions> getEndpoints() {
		return this.network.getEndpoints();
	}

	@Override
	public void setInheritedSockets(List<InheritedSocket> inheritedSockets) {
		this.network.setInheritedSockets(inheritedSockets);
	}

	@Override
	public void setAddServerHeader(boolean addServerHeader) {
		this.network.setAddServerHeader(addServerHeader);
	}

	@Override
	public void setLimits(KestrelLimits limits) {
		this.network.setLimits(limits);
	}

	/**
	 * Return the limits and timeouts of every endpoint.
	 * @return the limits
	 */
	public KestrelLimits getLimits() {
		return this.network.getLimits();
	}

	@Override
	public void setTransport(KestrelTransport transport) {
		this.network.setTransport(transport);
	}

	@Override
	public void setAllowedHosts(List<String> allowedHosts) {
		this.network.setAllowedHosts(allowedHosts);
	}

	@Override
	public void setStatistics(KestrelStatistics statistics) {
		this.network.setStatistics(statistics);
	}

	@Override
	public void setServerCustomizers(List<? extends KestrelServerCustomizer> customizers) {
		this.network.setServerCustomizers(customizers);
	}

	/**
	 * Set the forwarded headers to apply before a request reaches the servlet container, such as
	 * {@link io.github.serverimpl.forwarded.TrustedForwardedHeaderTransformer}.
	 * @param forwardedHeaders the transformer, or {@code null} to apply none
	 */
	public void setForwardedHeaderTransformer(@Nullable ForwardedHeaderTransformer forwardedHeaders) {
		this.forwardedHeaders = forwardedHeaders;
	}

	/**
	 * Create the servlet container behind Kestrel. Session tracking by TLS session
	 * ({@code server.servlet.session.tracking-modes=ssl}) stops it: Jetty's session layer accepts
	 * the mode but then finds no session by any means, so every request would start a new one.
	 */
	@Override
	public WebServer getWebServer(ServletContextInitializer... initializers) {
		Set<Session.SessionTrackingMode> trackingModes = getSettings().getSession().getTrackingModes();
		if (trackingModes != null && trackingModes.contains(Session.SessionTrackingMode.SSL)) {
			throw new InvalidConfigurationPropertyValueException("server.servlet.session.tracking-modes",
					trackingModes.stream().map((mode) -> mode.name().toLowerCase(Locale.ROOT)).sorted().toList(),
					"Kestrel's servlet container (Jetty) cannot track sessions by TLS session. Use cookie, "
							+ "url or both (both when the property is unset)");
		}
		return super.getWebServer(initializers);
	}

	@Override
	protected AbstractConnector createConnector(InetSocketAddress address, Server server) {
		return new KestrelConnector(server);
	}

	@Override
	protected void customizeSsl(Server server, InetSocketAddress address) {
		// TLS is Kestrel's (its endpoint is defined by server.ssl.* or server.kestrel.endpoints).
	}

	@Override
	protected JettyWebServer getJettyWebServer(Server server) {
		KestrelConnector connector = (KestrelConnector) server.getConnectors()[0];
		KestrelWebServer network = this.network
			.getReactorNettyWebServer(new ServletHttpHandler(connector, this.forwardedHeaders));
		network.setContextPath(StringUtils.hasLength(getContextPath()) ? getContextPath() : "/");
		return new KestrelServletWebServer(server, connector, network);
	}

}

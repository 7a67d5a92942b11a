package io.github.serverimpl.kestrel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import io.github.serverimpl.kestrel.limits.HostFilter;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.limits.LimitsConfigurer;
import io.github.serverimpl.kestrel.systemd.InheritedSocket;
import io.github.serverimpl.kestrel.systemd.InheritedSocketLoops;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import io.netty.handler.logging.LogLevel;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.ProxyProtocolSupportType;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.logging.AdvancedByteBufFormat;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.reactive.AbstractReactiveWebServerFactory;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.util.CollectionUtils;

/**
 * A {@link org.springframework.boot.web.server.reactive.ReactiveWebServerFactory} that creates
 * {@link KestrelWebServer}s: Kestrel's endpoint model on Reactor Netty.
 *
 * <p>With no {@linkplain #setEndpoints endpoints}, the inherited settings ({@code server.port},
 * {@code server.address}, {@code server.ssl.*}, {@code server.http2.enabled}) define one endpoint,
 * as for any Spring Boot server; with {@code server.port=-1}, none: the application runs and
 * nothing listens. Sockets passed by systemd's socket activation are served by endpoints with
 * {@code systemd:} URLs, and replace {@code server.port} when no endpoint is configured.
 */
public class KestrelReactiveWebServerFactory extends AbstractReactiveWebServerFactory
		implements ConfigurableKestrelWebServerFactory {

	private static final Log logger = LogFactory.getLog(KestrelReactiveWebServerFactory.class);

	/** Name of the endpoint defined by {@code server.port} and friends. */
	static final String DEFAULT_ENDPOINT = "default";

	/** Bundle name standing for the bundle built from {@code server.ssl.*}. */
	private static final String SERVER_SSL_BUNDLE = "server.ssl";

	private List<EndpointOptions> endpoints = List.of();

	private boolean addServerHeader = true;

	private KestrelLimits limits = KestrelLimits.DEFAULTS;

	private KestrelStatistics statistics = new KestrelStatistics();

	private List<String> allowedHosts = List.of();

	private List<KestrelServerCustomizer> serverCustomizers = new ArrayList<>();

	private List<InheritedSocket> inheritedSockets = List.of();

	private KestrelTransport transport = KestrelTransport.AUTO;

	/**
	 * Create a factory listening on port 8080 unless configured otherwise.
	 */
	public KestrelReactiveWebServerFactory() {
	}

	/**
	 * Create a factory listening on the given port unless configured otherwise.
	 * @param port the port
	 */
	public KestrelReactiveWebServerFactory(int port) {
		super(port);
	}

	@Override
	public void setEndpoints(List<EndpointOptions> endpoints) {
		this.endpoints = List.copyOf(endpoints);
	}

	/**
	 * Return the configured endpoints.
	 * @return the endpoints, empty when the inherited settings define the endpoint
	 */
	public List<EndpointOptions> getEndpoints() {
		return this.endpoints;
	}

	@Override
	public void setInheritedSockets(List<InheritedSocket> inheritedSockets) {
		this.inheritedSockets = List.copyOf(inheritedSockets);
	}

	@Override
	public void setTransport(KestrelTransport transport) {
		this.transport = transport;
	}

	/**
	 * Return the transport asked for.
	 * @return the transport; {@link KestrelTransport#AUTO} unless set
	 */
	public KestrelTransport getTransport() {
		return this.transport;
	}

	@Override
	public void setAddServerHeader(boolean addServerHeader) {
		this.addServerHeader = addServerHeader;
	}

	@Override
	public void setLimits(KestrelLimits limits) {
		this.limits = limits;
	}

	/**
	 * Return the limits and timeouts of every endpoint.
	 * @return the limits
	 */
	public KestrelLimits getLimits() {
		return this.limits;
	}

	@Override
	public void setAllowedHosts(List<String> allowedHosts) {
		this.allowedHosts = List.copyOf(allowedHosts);
	}

	@Override
	public void setStatistics(KestrelStatistics statistics) {
		this.statistics = statistics;
	}

	/**
	 * Return where servers from this factory count connections and rejections.
	 * @return the statistics
	 */
	public KestrelStatistics getStatistics() {
		return this.statistics;
	}

	@Override
	public void setServerCustomizers(List<? extends KestrelServerCustomizer> customizers) {
		this.serverCustomizers = new ArrayList<>(customizers);
	}

	/**
	 * Add customizers applied to each endpoint's server.
	 * @param customizers the customizers
	 */
	public void addServerCustomizers(KestrelServerCustomizer... customizers) {
		this.serverCustomizers.addAll(List.of(customizers));
	}

	@Override
	public KestrelWebServer getWebServer(HttpHandler httpHandler) {
		if (!CollectionUtils.isEmpty(getErrorPages())) {
			logger.info("Error pages are not used by reactive servers; WebFlux error handling applies");
		}
		return getReactorNettyWebServer(KestrelHttpHandler.of(httpHandler));
	}

	/**
	 * Return a server whose endpoints hand Reactor Netty's requests, once Kestrel's limits, host
	 * filter and {@code Server} header have applied, straight to a handler, without Spring's reactive
	 * request model in between: for a server stack of its own on Kestrel's network layer, as the
	 * servlet container is.
	 * @param handler the handler of every request
	 * @return the server, not yet started
	 */
	public KestrelWebServer getReactorNettyWebServer(
			BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler) {
		List<EndpointOptions> options = endpointOptions();
		if (!this.endpoints.isEmpty() && Ssl.isEnabled(getSsl())) {
			logger.warn("server.ssl.* is ignored because Kestrel endpoints are configured; give each https "
					+ "endpoint its own server.kestrel.endpoints.<name>.ssl.bundle");
		}
		TransportLoops loops = TransportLoops.forEndpoints(this.transport, options);
		KestrelHttpHandler kestrelHandler = new KestrelHttpHandler(handler, serverHeader(),
				new HostFilter(this.allowedHosts, this.statistics));
		LimitsConfigurer limits = new LimitsConfigurer(this.limits, this.statistics);
		List<KestrelWebServer.Endpoint> endpoints = new ArrayList<>();
		SystemdSocketAssignment sockets = new SystemdSocketAssignment(this.inheritedSockets);
		for (EndpointOptions endpoint : options) {
			if (endpoint.url().kind() == EndpointUrl.Kind.SYSTEMD) {
				endpoints.addAll(systemdEndpoints(endpoint, sockets.claim(endpoint), loops, limits, kestrelHandler));
			}
			else {
				endpoints.add(endpoint(endpoint, loops, limits, kestrelHandler));
			}
		}
		sockets.warnUnclaimed();
		return new KestrelWebServer(endpoints, loops);
	}

	/**
	 * The endpoints serving an endpoint's systemd sockets. When they are one stream and one UDP
	 * socket, as a socket unit with {@code ListenStream=8443} and {@code ListenDatagram=8443} passes
	 * them, they are one endpoint, whose TCP responses advertise the UDP port.
	 */
	private List<KestrelWebServer.Endpoint> systemdEndpoints(EndpointOptions endpoint,
			SystemdSocketAssignment.Claim sockets, LoopResources loops, LimitsConfigurer limits,
			KestrelHttpHandler handler) {
		if (sockets.streams().size() == 1 && sockets.datagrams().size() == 1) {
			return List.of(endpoint(endpoint, new InheritedSocketLoops(loops, sockets.streams().get(0)),
					new InheritedSocketLoops(loops, sockets.datagrams().get(0)), limits, handler));
		}
		List<KestrelWebServer.Endpoint> endpoints = new ArrayList<>();
		for (InheritedSocket socket : sockets.streams()) {
			endpoints.add(endpoint(endpoint.withProtocols(endpoint.protocols().withoutHttp3()),
					new InheritedSocketLoops(loops, socket), limits, handler));
		}
		for (InheritedSocket socket : sockets.datagrams()) {
			endpoints.add(endpoint(endpoint.withProtocols(HttpProtocols.HTTP3), new InheritedSocketLoops(loops, socket),
					limits, handler));
		}
		return endpoints;
	}

	private KestrelWebServer.Endpoint endpoint(EndpointOptions endpoint, LoopResources loops, LimitsConfigurer limits,
			KestrelHttpHandler handler) {
		return endpoint(endpoint, loops, loops, limits, handler);
	}

	private KestrelWebServer.Endpoint endpoint(EndpointOptions configured, LoopResources loops,
			LoopResources http3Loops, LimitsConfigurer limits, KestrelHttpHandler handler) {
		EndpointOptions endpoint = Http3Listener.check(configured);
		EndpointSsl ssl = endpoint.url().isHttps() ? new EndpointSsl(endpoint, new BundleSource()) : null;
		HttpProtocols protocols = endpoint.protocols();
		AltSvcHeader altSvc = (protocols.includesHttp3() && protocols.includesTcp() && endpoint.altSvcHeader())
				? new AltSvcHeader() : null;
		DefaultChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
		HttpServer server = null;
		if (protocols.includesTcp()) {
			server = createServer(endpoint, loops, connections, (altSvc != null) ? altSvc.around(handler) : handler,
					ssl);
			if (loops instanceof InheritedSocketLoops inherited && inherited.socket().isUnix()) {
				// Makes Reactor Netty ask for a domain socket channel, and says where it listens.
				DomainSocketAddress address = inherited.socket().unixAddress();
				server = server.bindAddress(() -> address);
			}
			server = limits.apply(server, endpoint.name());
			for (KestrelServerCustomizer customizer : this.serverCustomizers) {
				server = customizer.apply(endpoint, server);
			}
		}
		HttpServer http3 = protocols.includesHttp3()
				? Http3Listener.create(endpoint, http3Loops, connections, handler, ssl, this.limits, limits,
						getCompression())
				: null;
		return new KestrelWebServer.Endpoint(endpoint, server, connections, http3, altSvc);
	}

	private List<EndpointOptions> endpointOptions() {
		if (!this.endpoints.isEmpty()) {
			return this.endpoints;
		}
		if (!this.inheritedSockets.isEmpty()) {
			logger.info("Serving the " + this.inheritedSockets.size() + " socket(s) systemd passed (LISTEN_FDS) "
					+ "instead of server.port");
			return List.of(defaultEndpoint("systemd:"));
		}
		return (getPort() >= 0) ? List.of(defaultEndpoint(null)) : List.of();
	}

	private HttpServer createServer(EndpointOptions endpoint, LoopResources loops, DefaultChannelGroup connections,
			BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> handler, @Nullable EndpointSsl ssl) {
		boolean secure = endpoint.url().isHttps();
		HttpServer server = HttpServer.create()
			.runOn(loops)
			.channelGroup(connections)
			.protocol(endpoint.protocols().toReactorNetty(secure))
			.doOnChannelInit((observer, channel, remoteAddress) -> channel.pipeline()
				.addFirst(AcceptedConnections.NAME, AcceptedConnections.INSTANCE))
			.handle(handler);
		if (endpoint.proxyProtocol()) {
			server = server.proxyProtocol(ProxyProtocolSupportType.ON);
		}
		if (endpoint.connectionLogging()) {
			server = server.wiretap("io.github.serverimpl.kestrel.connections." + endpoint.name(), LogLevel.DEBUG,
					AdvancedByteBufFormat.HEX_DUMP);
		}
		if (ssl != null) {
			server = server.secure((spec) -> spec.sslContext(ssl.defaultProvider().getSslContext())
				.setSniAsyncMappings(ssl));
		}
		if (getCompression() != null && getCompression().getEnabled()) {
			server = new CompressionCustomizer(getCompression()).apply(server);
		}
		return server;
	}

	private @Nullable String serverHeader() {
		if (getServerHeader() != null) {
			return getServerHeader();
		}
		return this.addServerHeader ? "Kestrel" : null;
	}

	/**
	 * The endpoint of {@code server.port}, {@code server.address}, {@code server.ssl.*} and
	 * {@code server.http2.enabled}.
	 * @param authority where to listen instead of the address and port, such as {@code systemd:}
	 */
	private EndpointOptions defaultEndpoint(@Nullable String authority) {
		Ssl ssl = getSsl();
		boolean secure = Ssl.isEnabled(ssl);
		String host = (getAddress() != null) ? hostLiteral(getAddress()) : "0.0.0.0";
		EndpointUrl url = EndpointUrl.parse((secure ? "https" : "http") + "://"
				+ ((authority != null) ? authority : host + ":" + getPort()));
		Http2 http2 = getHttp2();
		HttpProtocols protocols = (http2 != null && http2.isEnabled()) ? HttpProtocols.HTTP1_AND_HTTP2
				: HttpProtocols.HTTP1;
		EndpointOptions endpoint = new EndpointOptions(DEFAULT_ENDPOINT, url, protocols,
				secure ? SERVER_SSL_BUNDLE : null, Ssl.ClientAuth.NONE, Map.of(), false, null, false, true);
		if (secure) {
			Map<String, String> sni = new LinkedHashMap<>();
			ssl.getServerNameBundles().forEach((entry) -> sni.put(entry.serverName(), entry.bundle()));
			Ssl.ClientAuth clientAuth = (ssl.getClientAuth() != null) ? ssl.getClientAuth() : Ssl.ClientAuth.NONE;
			endpoint = endpoint.withSsl(SERVER_SSL_BUNDLE, clientAuth, sni);
		}
		return endpoint;
	}

	private static String hostLiteral(InetAddress address) {
		String literal = address.getHostAddress();
		return (address instanceof Inet6Address) ? "[" + literal + "]" : literal;
	}

	/**
	 * SSL bundles by name: {@code server.ssl} is the bundle Spring Boot builds from the
	 * {@code server.ssl.*} properties; any other name is looked up in {@code spring.ssl.bundle.*}.
	 */
	private final class BundleSource implements EndpointSsl.BundleSource {

		@Override
		public SslBundle get(String name) {
			if (SERVER_SSL_BUNDLE.equals(name)) {
				return getSslBundle();
			}
			try {
				return sslBundles().getBundle(name);
			}
			catch (NoSuchSslBundleException ex) {
				throw new IllegalStateException("SSL bundle '" + name + "' is not defined; define it under "
						+ "spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name, ex);
			}
		}

		@Override
		public void onUpdate(String name, Consumer<SslBundle> handler) {
			String bundle = SERVER_SSL_BUNDLE.equals(name) ? getSsl().getBundle() : name;
			if (bundle != null && getSslBundles() != null) {
				getSslBundles().addBundleUpdateHandler(bundle, handler);
			}
		}

		private SslBundles sslBundles() {
			SslBundles bundles = getSslBundles();
			if (bundles == null) {
				throw new IllegalStateException("An endpoint names an SSL bundle but no SslBundles are available; "
						+ "is spring-boot-autoconfigure's SslAutoConfiguration excluded?");
			}
			return bundles;
		}

	}

}

package io.github.serverimpl.kestrel;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.serverimpl.features.ServerAddress;
import io.github.serverimpl.features.ServerFeatures;
import io.github.serverimpl.kestrel.limits.ConnectionEnd;
import io.github.serverimpl.server.FeatureWebServer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.unix.DomainSocketAddress;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ChannelBindException;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServerException;

/**
 * A running Kestrel server: every endpoint bound on one set of event loops.
 *
 * <p>{@link #shutDownGracefully} stops accepting on every endpoint at once, then waits for the
 * requests in flight (HTTP/2 connections get a GOAWAY); {@link #stop()} closes what is left.
 */
public final class KestrelWebServer implements FeatureWebServer {

	private static final Log logger = LogFactory.getLog(KestrelWebServer.class);

	private final List<Endpoint> endpoints;

	private final TransportLoops loops;

	private final ServerFeatures features = new ServerFeatures();

	private final List<Binding> bindings = new ArrayList<>();

	/** The graceful shutdown under way, if any: its outcome is decided once, by it or by stop(). */
	private final AtomicReference<@Nullable GracefulShutdown> gracefulShutdown = new AtomicReference<>();

	private @Nullable Thread awaitThread;

	private volatile @Nullable String contextPath;

	KestrelWebServer(List<Endpoint> endpoints, TransportLoops loops) {
		this.endpoints = endpoints;
		this.loops = loops;
	}

	@Override
	public synchronized void start() {
		if (!this.bindings.isEmpty()) {
			return;
		}
		if (this.endpoints.isEmpty()) {
			// server.port=-1: the application runs, and nothing listens.
			logger.debug("Kestrel has no endpoint to listen on");
			return;
		}
		try {
			for (Endpoint endpoint : this.endpoints) {
				bind(endpoint);
			}
		}
		catch (RuntimeException ex) {
			closeBindings(Duration.ZERO);
			throw ex;
		}
		// An endpoint's HTTP/3 listener shares its URL with the TCP one, if any.
		List<String> addresses = this.bindings.stream().map((binding) -> binding.address().toString()).distinct()
			.toList();
		this.features.getAddresses().setAddresses(addresses);
		this.bindings.forEach((binding) -> logger
			.info("Now listening on: " + binding.address() + (binding.udp() ? " (HTTP/3 over UDP)" : "")));
		logger.info(startedMessage());
		startAwaitThread();
	}

	/**
	 * Spring Boot's conventional line, which tools and tests wait for: {@code Kestrel started on
	 * port 8080 (http)}, or {@code on ports 8080 (http), 8443 (https)}, one entry per TCP port (a
	 * port bound on several addresses counts once), the UDP ports of HTTP/3 as {@code 8443 (h3)},
	 * and the Unix sockets by path; for a servlet application, the context path.
	 */
	String startedMessage() {
		List<String> listeners = this.bindings.stream()
			.map((binding) -> (binding.address().isUnixSocket() ? binding.address().path()
					: String.valueOf(binding.address().port())) + " ("
					+ (binding.udp() ? "h3" : binding.address().scheme()) + ")")
			.distinct()
			.toList();
		String contextPath = this.contextPath;
		return "Kestrel started on " + ((listeners.size() == 1) ? "port " : "ports ") + String.join(", ", listeners)
				+ ((contextPath != null) ? " with context path '" + contextPath + "'" : "");
	}

	/**
	 * Name the servlet context path in the start-up line, as Spring Boot's servlet servers do:
	 * {@code Kestrel started on port 8080 (http) with context path '/app'}.
	 * @param contextPath the context path, {@code /} for the root context
	 */
	public void setContextPath(String contextPath) {
		this.contextPath = contextPath;
	}

	private void bind(Endpoint endpoint) {
		EndpointUrl url = endpoint.options().url();
		switch (url.kind()) {
			case UNIX -> {
				UnixSocketFile file = new UnixSocketFile(url.socketPath());
				file.prepare();
				boolean nativeTransport = this.loops.transport().isNative();
				DisposableServer server = bindNow(endpoint,
						endpoint.server().bindAddress(() -> file.bindAddress(nativeTransport)), -1);
				this.bindings.add(new Binding(server, ServerAddress.unix(url.scheme(), url.socketPath()), file, false));
				if (endpoint.options().socketPermissions() != null) {
					file.setPermissions(endpoint.options().socketPermissions());
				}
			}
			case LOOPBACK -> {
				int port = bindIp(endpoint, InetAddress.getLoopbackAddress(), url.port());
				if (hasIpv6Loopback()) {
					bindIp(endpoint, address("::1"), port);
				}
			}
			case ANY -> bindIp(endpoint, address(hasIpv6Loopback() ? "::" : "0.0.0.0"), url.port());
			case ADDRESS -> bindIp(endpoint, url.address(), url.port());
			case SYSTEMD -> {
				// Adopts the inherited sockets (see InheritedSocketLoops): they are bound already.
				if (endpoint.server() != null) {
					DisposableServer server = bindNow(endpoint, endpoint.server(), -1);
					// An adopted Unix socket's channel does not know its path; the factory read it.
					ServerAddress address = (server.address() instanceof InetSocketAddress inet)
							? ServerAddress.tcp(url.scheme(), inet) : ServerAddress.unix(url.scheme(),
									((DomainSocketAddress) endpoint.server().configuration().bindAddress().get()).path());
					this.bindings.add(new Binding(server, address, null, false));
				}
				if (endpoint.http3() != null) {
					DisposableServer server = bindNow(endpoint, endpoint.http3(), -1);
					InetSocketAddress inet = (InetSocketAddress) server.address();
					this.bindings.add(new Binding(server, ServerAddress.tcp(url.scheme(), inet), null, true));
					if (endpoint.altSvc() != null) {
						endpoint.altSvc().advertise(inet.getPort());
					}
				}
			}
		}
	}

	/**
	 * Bind an endpoint on an IP address: its TCP listener, then its HTTP/3 one on the UDP port of
	 * the same number (the one TCP got, for port 0).
	 * @return the port bound
	 */
	private int bindIp(Endpoint endpoint, InetAddress address, int port) {
		int bound = port;
		if (endpoint.server() != null) {
			bound = bind(endpoint, endpoint.server(), address, bound, false);
		}
		if (endpoint.http3() != null) {
			bound = bind(endpoint, endpoint.http3(), address, bound, true);
			if (endpoint.altSvc() != null) {
				endpoint.altSvc().advertise(bound);
			}
		}
		return bound;
	}

	private int bind(Endpoint endpoint, HttpServer server, InetAddress address, int port, boolean udp) {
		InetSocketAddress socketAddress = new InetSocketAddress(address, port);
		DisposableServer bound = bindNow(endpoint, server.bindAddress(() -> socketAddress), port);
		// Display the address asked for (a dual-stack socket reports 0.0.0.0 as [::]) with the real port.
		InetSocketAddress shown = new InetSocketAddress(address, ((InetSocketAddress) bound.address()).getPort());
		this.bindings.add(new Binding(bound, ServerAddress.tcp(endpoint.options().url().scheme(), shown), null, udp));
		return shown.getPort();
	}

	private DisposableServer bindNow(Endpoint endpoint, HttpServer server, int port) {
		try {
			return server.bindNow();
		}
		catch (ChannelBindException ex) {
			if (port > 0) {
				throw new PortInUseException(port, ex);
			}
			throw new WebServerException("Unable to start Kestrel: endpoint '" + endpoint.options().name() + "' ("
					+ endpoint.options().url() + ") could not bind", ex);
		}
		catch (RuntimeException ex) {
			throw new WebServerException("Unable to start Kestrel", ex);
		}
	}

	private void startAwaitThread() {
		// Reactor Netty's event loops are daemon threads: keep the JVM alive while we serve.
		List<DisposableServer> servers = this.bindings.stream().map(Binding::server).toList();
		Thread thread = new Thread(() -> Mono.when(servers.stream().map(DisposableServer::onDispose).toList())
			.onErrorComplete().block(), "kestrel");
		thread.setContextClassLoader(getClass().getClassLoader());
		thread.setDaemon(false);
		thread.start();
		this.awaitThread = thread;
	}

	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		List<DisposableServer> servers;
		boolean listening;
		synchronized (this) {
			listening = !this.bindings.isEmpty();
			// HTTP/3 listeners close with stop(): closing a QUIC listener ends its connections at once.
			servers = this.bindings.stream().filter((binding) -> !binding.udp()).map(Binding::server).toList();
		}
		if (!listening) {
			callback.shutdownComplete(GracefulShutdownResult.IDLE);
			return;
		}
		logger.info("Commencing graceful shutdown. Waiting for active requests to complete");
		recordShutdown();
		GracefulShutdown shutdown = new GracefulShutdown(callback);
		this.gracefulShutdown.set(shutdown);
		Thread thread = new Thread(() -> {
			try {
				// Stop accepting everywhere; give what was just accepted its first read; then drain.
				servers.forEach((server) -> server.channel().close().awaitUninterruptibly());
				AcceptedConnections.awaitRegistrations(this.loops.onServer(LoopResources.DEFAULT_NATIVE));
				List<ChannelGroup> connections = this.endpoints.stream()
					.map(Endpoint::connections)
					.toList();
				AcceptedConnections.firstReads(connections).block();
				Mono.when(connections.stream().map(ConnectionDrain::drain).toList()).block();
			}
			catch (RuntimeException ex) {
				// Interrupted by stop(), which has reported the outcome.
			}
			shutdown.complete(GracefulShutdownResult.IDLE);
			this.gracefulShutdown.compareAndSet(shutdown, null);
		}, "kestrel-shutdown");
		shutdown.thread = thread;
		thread.start();
	}

	@Override
	public synchronized void stop() {
		GracefulShutdown shutdown = this.gracefulShutdown.getAndSet(null);
		if (shutdown != null) {
			// Whatever the order of the two calls: if the requests had not finished, they were cut.
			shutdown.complete(GracefulShutdownResult.REQUESTS_ACTIVE);
			shutdown.interrupt();
		}
		recordShutdown();
		closeBindings(Duration.ofSeconds(5));
		this.features.getAddresses().setAddresses(List.of());
		this.awaitThread = null;
	}

	@Override
	public void destroy() {
		stop();
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block();
	}

	/**
	 * One graceful shutdown: it ends once, either because every request finished ({@code IDLE})
	 * or because {@link #stop()} came first ({@code REQUESTS_ACTIVE}).
	 */
	private static final class GracefulShutdown {

		private final GracefulShutdownCallback callback;

		private final AtomicBoolean completed = new AtomicBoolean();

		private volatile @Nullable Thread thread;

		GracefulShutdown(GracefulShutdownCallback callback) {
			this.callback = callback;
		}

		void complete(GracefulShutdownResult result) {
			if (this.completed.compareAndSet(false, true)) {
				logger.info((result == GracefulShutdownResult.IDLE) ? "Graceful shutdown complete"
						: "Graceful shutdown aborted with one or more requests still active");
				this.callback.shutdownComplete(result);
			}
		}

		void interrupt() {
			Thread thread = this.thread;
			if (thread != null) {
				thread.interrupt();
			}
		}

	}

	/** Connections open now end because the server stops, whatever closes them from here on. */
	private void recordShutdown() {
		this.endpoints.forEach((endpoint) -> endpoint.connections()
			.forEach((channel) -> ConnectionEnd.record(channel, ConnectionEnd.SERVER_SHUTDOWN)));
	}

	private void closeBindings(Duration timeout) {
		for (Binding binding : this.bindings) {
			try {
				this.loops.dispose(binding.server(), timeout.isZero() ? Duration.ofMillis(100) : timeout);
			}
			catch (RuntimeException ex) {
				logger.debug("Endpoint " + binding.address() + " did not close within " + timeout, ex);
			}
			if (binding.socketFile() != null) {
				binding.socketFile().delete();
			}
		}
		this.endpoints.forEach((endpoint) -> endpoint.connections().close());
		this.bindings.clear();
	}

	/**
	 * Return the port of the first TCP endpoint.
	 * @return the port, or -1 when the server has not started or listens on Unix sockets only
	 */
	@Override
	public int getPort() {
		return this.features.getAddresses().getAddresses().stream().map(ServerAddress::parse)
			.filter((address) -> !address.isUnixSocket()).mapToInt(ServerAddress::port).findFirst().orElse(-1);
	}

	@Override
	public ServerFeatures getServerFeatures() {
		return this.features;
	}

	private static boolean hasIpv6Loopback() {
		try {
			return NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
				.anyMatch((address) -> address instanceof Inet6Address && address.isLoopbackAddress());
		}
		catch (SocketException ex) {
			return false;
		}
	}

	private static InetAddress address(String literal) {
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * An endpoint ready to bind: its options, its configured TCP server (none when it serves only
	 * HTTP/3), its connections, its QUIC server when it serves HTTP/3, and the {@code Alt-Svc} header
	 * its TCP responses advertise that with.
	 */
	record Endpoint(EndpointOptions options, @Nullable HttpServer server, ChannelGroup connections,
			@Nullable HttpServer http3, @Nullable AltSvcHeader altSvc) {

	}

	/**
	 * A bound listener: TCP or a Unix socket, or the UDP one of HTTP/3.
	 */
	private record Binding(DisposableServer server, ServerAddress address, @Nullable UnixSocketFile socketFile,
			boolean udp) {

	}

}

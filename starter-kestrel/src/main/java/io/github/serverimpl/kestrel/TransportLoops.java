package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.unix.UnixChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.ReactorNetty;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Kestrel's event loops: one group, on one transport, that serves every endpoint. Reactor Netty
 * makes each channel for the group it is registered with, so an io_uring group gets io_uring
 * channels and an epoll group epoll ones. The group is made when a server first asks for it, and
 * again after it was disposed.
 */
final class TransportLoops implements LoopResources {

	/**
	 * The property that chooses the transport, named in start-up failures.
	 */
	static final String PROPERTY = "server.kestrel.transport";

	private static final Log logger = LogFactory.getLog(TransportLoops.class);

	private final KestrelTransport transport;

	private final int count;

	private final AtomicReference<@Nullable EventLoopGroup> group = new AtomicReference<>();

	private TransportLoops(KestrelTransport transport, int count) {
		this.transport = transport;
		this.count = count;
	}

	/**
	 * Create the event loops for the transport asked for, to serve the given endpoints.
	 * @param requested the transport configured; {@link KestrelTransport#AUTO} takes the best available
	 * @param endpoints the endpoints the loops serve
	 * @return the event loops
	 * @throws InvalidConfigurationPropertyValueException when the transport asked for cannot run here
	 */
	static TransportLoops forEndpoints(KestrelTransport requested, List<EndpointOptions> endpoints) {
		TransportLoops loops = new TransportLoops(resolve(requested, epollOnly(endpoints)), eventLoopCount());
		logger.debug("Kestrel's " + loops.count + " event loops run on " + loops.transport);
		return loops;
	}

	/**
	 * Why io_uring cannot serve these endpoints: Netty's io_uring transport cannot adopt the open
	 * sockets systemd passes, and Netty's QUIC codec served no HTTP/3 request over io_uring's
	 * datagram channel when tried (Netty 4.2.18).
	 */
	private static @Nullable String epollOnly(List<EndpointOptions> options) {
		for (EndpointOptions endpoint : options) {
			if (endpoint.url().kind() == EndpointUrl.Kind.SYSTEMD) {
				return "endpoint '" + endpoint.name() + "' serves sockets systemd passed";
			}
			if (endpoint.protocols().includesHttp3() && endpoint.url().isHttps()) {
				return "endpoint '" + endpoint.name() + "' serves HTTP/3";
			}
		}
		return null;
	}

	/**
	 * One event loop per core, as Kestrel has one I/O queue per core, unless
	 * {@code reactor.netty.ioWorkerCount} says otherwise. Reactor Netty's default, at least four,
	 * sets more loops than cores against each other on a small machine: on 2 cores the benchmarks
	 * measured the same throughput with a lower p99 with two.
	 */
	private static int eventLoopCount() {
		return Integer.getInteger(ReactorNetty.IO_WORKER_COUNT, Runtime.getRuntime().availableProcessors());
	}

	static KestrelTransport resolve(KestrelTransport requested, @Nullable String epollOnly) {
		return switch (requested) {
			case AUTO -> {
				if (epollOnly == null && IoUring.isAvailable()) {
					yield KestrelTransport.IO_URING;
				}
				yield Epoll.isAvailable() ? KestrelTransport.EPOLL : KestrelTransport.NIO;
			}
			case IO_URING -> {
				if (!IoUring.isAvailable()) {
					throw invalid("io-uring", "io_uring is not available here (" + IoUring.unavailabilityCause()
							+ "); use 'auto', which falls back to epoll, or 'epoll'");
				}
				if (epollOnly != null) {
					throw invalid("io-uring", epollOnly + ", which Kestrel serves on epoll only; use 'auto' or 'epoll'");
				}
				yield KestrelTransport.IO_URING;
			}
			case EPOLL -> {
				if (!Epoll.isAvailable()) {
					throw invalid("epoll", "epoll is not available here (" + Epoll.unavailabilityCause()
							+ "); use 'auto' or 'nio'");
				}
				yield KestrelTransport.EPOLL;
			}
			case NIO -> KestrelTransport.NIO;
		};
	}

	/**
	 * A transport that cannot run, reported by Spring Boot's failure analyzer for property values.
	 */
	private static InvalidConfigurationPropertyValueException invalid(String value, String reason) {
		return new InvalidConfigurationPropertyValueException(PROPERTY, value, reason);
	}

	private EventLoopGroup group() {
		EventLoopGroup current = this.group.get();
		while (current == null) {
			EventLoopGroup created = new MultiThreadIoEventLoopGroup(this.count,
					new DefaultThreadFactory("kestrel-" + this.transport, true), ioHandlerFactory(this.transport));
			if (this.group.compareAndSet(null, created)) {
				return created;
			}
			created.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
			current = this.group.get();
		}
		return current;
	}

	private static IoHandlerFactory ioHandlerFactory(KestrelTransport transport) {
		return switch (transport) {
			case IO_URING -> IoUringIoHandler.newFactory();
			case EPOLL -> EpollIoHandler.newFactory();
			default -> NioIoHandler.newFactory();
		};
	}

	/**
	 * Return the transport these loops run on.
	 * @return io_uring, epoll or NIO, never {@code AUTO}
	 */
	KestrelTransport transport() {
		return this.transport;
	}

	/**
	 * Dispose a listener, and return once its socket is closed. On io_uring the event loop closes
	 * the socket with an operation it submits after the channel's close future completed, so a
	 * connection right after a stop, or a new bind to the same port, could still find it open:
	 * this waits until the process no longer holds the descriptor.
	 * @param server the listener
	 * @param timeout how long to wait for the listener and its socket
	 */
	void dispose(DisposableServer server, Duration timeout) {
		Path descriptor = (this.transport == KestrelTransport.IO_URING && server.channel() instanceof UnixChannel unix)
				? Path.of("/proc/self/fd/" + unix.fd().intValue()) : null;
		String socket = (descriptor != null) ? target(descriptor) : null;
		server.disposeNow(timeout);
		if (descriptor != null && socket != null) {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (socket.equals(target(descriptor)) && System.nanoTime() - deadline < 0) {
				LockSupport.parkNanos(50_000);
			}
		}
	}

	private static @Nullable String target(Path descriptor) {
		try {
			return Files.readSymbolicLink(descriptor).toString();
		}
		catch (IOException | UnsupportedOperationException ex) {
			return null;
		}
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return group();
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return group();
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return group();
	}

	@Override
	public boolean daemon() {
		return true;
	}

	@Override
	public boolean isDisposed() {
		return this.group.get() == null;
	}

	/**
	 * Shut the event loops down; the next server started on these loops gets new ones, as a
	 * stopped web server may be started again.
	 */
	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		return Mono.defer(() -> {
			EventLoopGroup disposed = this.group.getAndSet(null);
			return (disposed != null) ? shutDown(disposed, quietPeriod, timeout) : Mono.empty();
		});
	}

	private static Mono<Void> shutDown(EventLoopGroup group, Duration quietPeriod, Duration timeout) {
		return Mono.create((sink) -> group
			.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
			.addListener((future) -> {
				if (future.isSuccess()) {
					sink.success();
				}
				else {
					sink.error(future.cause());
				}
			}));
	}

}

package io.github.serverimpl.httpsys;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.serverimpl.features.ServerFeatures;
import io.github.serverimpl.httpsys.nativeapi.HttpApi;
import io.github.serverimpl.httpsys.nativeapi.HttpApiException;
import io.github.serverimpl.httpsys.nativeapi.RequestQueue;
import io.github.serverimpl.httpsys.nativeapi.ServerSession;
import io.github.serverimpl.httpsys.nativeapi.TimeoutLimits;
import io.github.serverimpl.httpsys.nativeapi.UrlGroup;
import io.github.serverimpl.server.FeatureRequestHandler;
import io.github.serverimpl.server.FeatureWebServer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServerException;

/**
 * The HTTP.sys web server. Start opens a server session, a request queue and a URL group, applies
 * the options, binds the group to the queue, registers the URL prefixes and starts receiving; stop
 * undoes it in reverse order, as ASP.NET Core's {@code HttpSysListener}.
 */
public final class HttpSysWebServer implements FeatureWebServer {

	private static final Log logger = LogFactory.getLog(HttpSysWebServer.class);

	/** How long stop waits for each receiving thread after the queue is shut down. */
	private static final long RECEIVER_STOP_MILLIS = 5000;

	private final HttpApiLoader apiLoader;

	private final HttpSysOptions options;

	private final FeatureRequestHandler handler;

	private final ServerFeatures features = new ServerFeatures();

	private volatile @Nullable Running running;

	HttpSysWebServer(HttpApiLoader apiLoader, HttpSysOptions options, FeatureRequestHandler handler) {
		this.apiLoader = apiLoader;
		this.options = options;
		this.handler = handler;
	}

	@Override
	public synchronized void start() {
		if (this.running != null) {
			return;
		}
		Deque<AutoCloseable> opened = new ArrayDeque<>();
		try {
			HttpApi api = this.apiLoader.load();
			ServerSession session = push(opened, api.createServerSession());
			RequestQueue queue = push(opened, openQueue(api));
			UrlGroup group = push(opened, session.createUrlGroup());
			if (queue.isCreated()) {
				configure(queue, group);
				group.bind(queue);
				opened.push(group::unbind);
				opened.push(group::removeUrls);
				List<UrlPrefix> prefixes = this.options.urlPrefixes();
				for (int i = 0; i < prefixes.size(); i++) {
					register(group, prefixes.get(i), i + 1);
				}
			}
			MessagePump pump = new MessagePump(queue, this.options, this.handler);
			pump.start();
			this.running = new Running(session, queue, group, pump, new AtomicBoolean());
		}
		catch (HttpApiException ex) {
			closeAll(opened);
			throw new WebServerException("Unable to start HTTP.sys: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			closeAll(opened);
			throw ex;
		}
		List<String> addresses = this.options.urlPrefixes().stream().map(UrlPrefix::toString).toList();
		this.features.getAddresses().setAddresses(addresses);
		addresses.forEach((address) -> logger.info("Now listening on: " + address));
	}

	private RequestQueue openQueue(HttpApi api) throws HttpApiException {
		String name = this.options.requestQueueName();
		return switch (this.options.requestQueueMode()) {
			case CREATE -> api.createRequestQueue(name, false);
			case ATTACH -> api.createRequestQueue(name, true);
			case CREATE_OR_ATTACH -> {
				try {
					yield api.createRequestQueue(name, false);
				}
				catch (HttpApiException ex) {
					if (!ex.isAlreadyExists()) {
						throw ex;
					}
					yield api.createRequestQueue(name, true);
				}
			}
		};
	}

	private void configure(RequestQueue queue, UrlGroup group) throws HttpApiException {
		Long maxConnections = this.options.maxConnections();
		if (maxConnections != null) {
			group.setMaxConnections(maxConnections);
		}
		if (this.options.requestQueueLimit() != HttpSysOptions.DEFAULT_REQUEST_QUEUE_LIMIT) {
			queue.setLength(this.options.requestQueueLimit());
		}
		if (this.options.http503Verbosity() != Http503Verbosity.BASIC) {
			queue.set503Verbosity(this.options.http503Verbosity().value());
		}
		int schemes = this.options.authentication().schemes().stream().mapToInt(AuthenticationScheme::flag)
			.reduce(0, (a, b) -> a | b);
		if (schemes != 0) {
			group.setAuthentication(schemes);
		}
		group.setTimeouts(timeoutLimits(this.options.timeouts()));
	}

	private static TimeoutLimits timeoutLimits(HttpSysOptions.Timeouts timeouts) {
		Long minSendRate = timeouts.minSendBytesPerSecond();
		return new TimeoutLimits(seconds(timeouts.entityBody()), seconds(timeouts.drainEntityBody()),
				seconds(timeouts.requestQueue()), seconds(timeouts.idleConnection()), seconds(timeouts.headerWait()),
				(minSendRate == null) ? 0 : (minSendRate < 0) ? 0xFFFFFFFFL : minSendRate);
	}

	private static int seconds(@Nullable Duration duration) {
		return (duration != null) ? (int) duration.toSeconds() : 0;
	}

	private void register(UrlGroup group, UrlPrefix prefix, int context) throws HttpApiException {
		if (prefix.isTopLevelWildcard()) {
			logger.warn("URL prefix " + prefix + " takes every host name on port " + prefix.port()
					+ ": it is open to host-header attacks and shadows other applications on that port."
					+ " Register the host names you serve instead (server.httpsys.url-prefixes).");
		}
		try {
			group.addUrl(prefix.toString(), context);
		}
		catch (HttpApiException ex) {
			if (ex.isAccessDenied() || ex.isAlreadyExists()) {
				throw new UrlPrefixRegistrationException(prefix.toString(), account(), ex);
			}
			throw ex;
		}
	}

	private static String account() {
		String domain = System.getenv("USERDOMAIN");
		String user = System.getProperty("user.name", "unknown");
		return (domain != null) ? domain + "\\" + user : user;
	}

	@Override
	public synchronized void stop() {
		Running running = this.running;
		if (running == null) {
			return;
		}
		this.running = null;
		this.features.getAddresses().setAddresses(List.of());
		detach(running);
		// The receives that wait return; then the threads end.
		running.queue().shutdown();
		running.pump().stop(RECEIVER_STOP_MILLIS);
		close(running.queue());
		close(running.group());
		close(running.session());
	}

	/**
	 * Take the URL prefixes away from the queue: from now on HTTP.sys answers new requests with
	 * 503 (or resets, as {@code http503-verbosity} says); requests already queued still arrive.
	 */
	private static void detach(Running running) {
		if (running.queue().isCreated() && running.detached().compareAndSet(false, true)) {
			running.group().removeUrls();
			close(running.group()::unbind);
		}
	}

	/**
	 * Stop taking new requests and report once the application has answered those it has.
	 * {@link #stop()} ends the wait early; the result then says requests were still active.
	 */
	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		Running running;
		synchronized (this) {
			running = this.running;
		}
		if (running == null) {
			callback.shutdownComplete(GracefulShutdownResult.IDLE);
			return;
		}
		logger.info("Commencing graceful shutdown. Waiting for active requests to complete");
		detach(running);
		Thread waiter = new Thread(() -> {
			boolean idle;
			try {
				idle = running.pump().awaitIdle();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				idle = false;
			}
			logger.info(idle ? "Graceful shutdown complete"
					: "Graceful shutdown aborted with one or more requests still active");
			callback.shutdownComplete(idle ? GracefulShutdownResult.IDLE : GracefulShutdownResult.REQUESTS_ACTIVE);
		}, "httpsys-shutdown");
		waiter.setDaemon(true);
		waiter.start();
	}

	private static void closeAll(Deque<AutoCloseable> opened) {
		while (!opened.isEmpty()) {
			close(opened.pop());
		}
	}

	private static void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			logger.debug("Closing an HTTP.sys resource failed", ex);
		}
	}

	private static <T extends AutoCloseable> T push(Deque<AutoCloseable> opened, T closeable) {
		opened.push(closeable);
		return closeable;
	}

	@Override
	public int getPort() {
		return this.options.urlPrefixes().stream().mapToInt(UrlPrefix::port).findFirst().orElse(-1);
	}

	@Override
	public ServerFeatures getServerFeatures() {
		return this.features;
	}

	/**
	 * Loads the HTTP Server API; on Windows {@link HttpApi#load()}.
	 */
	@FunctionalInterface
	interface HttpApiLoader {

		HttpApi load() throws HttpApiException;

	}

	private record Running(ServerSession session, RequestQueue queue, UrlGroup group, MessagePump pump,
			AtomicBoolean detached) {
	}

}

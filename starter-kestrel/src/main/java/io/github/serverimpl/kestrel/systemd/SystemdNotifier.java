package io.github.serverimpl.kestrel.systemd;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Tells the service manager how the service is doing, as {@code sd_notify(3)} does: datagrams such
 * as {@code READY=1} to the Unix socket named by {@code NOTIFY_SOCKET} (a path, or an abstract
 * socket when it starts with {@code @}). When {@code WATCHDOG_USEC} is set for this process, it
 * sends {@code WATCHDOG=1} at half that interval until closed.
 *
 * <p>The JDK has no Unix datagram socket; Netty's epoll transport has, and is on the class path.
 */
public final class SystemdNotifier implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(SystemdNotifier.class);

	private final DomainSocketAddress address;

	private final EventLoopGroup group;

	private final Channel channel;

	private volatile @Nullable ScheduledFuture<?> watchdog;

	private SystemdNotifier(DomainSocketAddress address) {
		this.address = address;
		this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("kestrel-systemd", true),
				EpollIoHandler.newFactory());
		this.channel = new Bootstrap().group(this.group)
			.channel(EpollDomainDatagramChannel.class)
			.option(ChannelOption.DATAGRAM_CHANNEL_ACTIVE_ON_REGISTRATION, true)
			.handler(new ChannelInboundHandlerAdapter())
			.register()
			.syncUninterruptibly()
			.channel();
	}

	/**
	 * Create a notifier for this process, if the service manager asked for notifications.
	 * @param environment the environment variables, by name
	 * @param pid this process's id
	 * @return a notifier, or {@code null} when {@code NOTIFY_SOCKET} is not set
	 */
	public static @Nullable SystemdNotifier of(Function<String, @Nullable String> environment, long pid) {
		String socket = environment.apply("NOTIFY_SOCKET");
		if (socket == null || socket.isEmpty()) {
			return null;
		}
		if (!Epoll.isAvailable()) {
			logger.warn("NOTIFY_SOCKET is set but Netty's native epoll transport is not available, so systemd is not "
					+ "told when Kestrel is ready: " + Epoll.unavailabilityCause());
			return null;
		}
		if (!socket.startsWith("/") && !socket.startsWith("@")) {
			throw new IllegalStateException("NOTIFY_SOCKET is '" + socket + "', neither an absolute path nor an "
					+ "abstract socket (@name); it is set by systemd for Type=notify services");
		}
		String path = socket.startsWith("@") ? "\0" + socket.substring(1) : socket;
		SystemdNotifier notifier = new SystemdNotifier(new DomainSocketAddress(path));
		Duration interval = watchdogInterval(environment, pid);
		if (interval != null) {
			notifier.startWatchdog(interval);
		}
		return notifier;
	}

	/**
	 * Return how often to send {@code WATCHDOG=1}: half of {@code WATCHDOG_USEC}, as
	 * {@code sd_watchdog_enabled(3)} advises, when the watchdog is on for this process.
	 */
	static @Nullable Duration watchdogInterval(Function<String, @Nullable String> environment, long pid) {
		String usec = environment.apply("WATCHDOG_USEC");
		String watchdogPid = environment.apply("WATCHDOG_PID");
		if (usec == null || (watchdogPid != null && !watchdogPid.trim().equals(Long.toString(pid)))) {
			return null;
		}
		try {
			long micros = Long.parseLong(usec.trim());
			return (micros > 0) ? Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(micros) / 2) : null;
		}
		catch (NumberFormatException ex) {
			logger.warn("WATCHDOG_USEC is '" + usec + "', not a number of microseconds; no watchdog pings are sent");
			return null;
		}
	}

	private void startWatchdog(Duration interval) {
		long nanos = interval.toNanos();
		this.watchdog = this.group.next().scheduleAtFixedRate(() -> send("WATCHDOG=1"), 0, nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * Send a notification.
	 * @param state newline-separated assignments, such as {@code READY=1}
	 */
	public void notify(String state) {
		// A failure is logged: the application runs on whether or not the service manager listens.
		send(state).awaitUninterruptibly();
	}

	private io.netty.channel.ChannelFuture send(String state) {
		return this.channel
			.writeAndFlush(new DomainDatagramPacket(Unpooled.copiedBuffer(state, StandardCharsets.UTF_8), this.address))
			.addListener((future) -> {
				if (!future.isSuccess()) {
					logger.warn("Could not notify systemd (" + state.replace('\n', ' ') + ") through NOTIFY_SOCKET",
							future.cause());
				}
			});
	}

	@Override
	public void close() {
		ScheduledFuture<?> watchdog = this.watchdog;
		if (watchdog != null) {
			watchdog.cancel(false);
		}
		this.channel.close().syncUninterruptibly();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

}

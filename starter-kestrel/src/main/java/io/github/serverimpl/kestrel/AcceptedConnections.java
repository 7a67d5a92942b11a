package io.github.serverimpl.kestrel;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ServerChannel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import reactor.core.publisher.Mono;

/**
 * Connections accepted just before a graceful shutdown stopped accepting: their clients connected
 * and are sending a first request. A drain that waits only for requests already read would close
 * such a connection as idle, and lose the request on its way; when the listening socket outlives
 * the process (systemd socket activation) or the client does not retry, that is the one place a
 * restart drops a connection. So the shutdown first gives connections that have read nothing a
 * short time to deliver their first bytes, then {@link ConnectionDrain} waits for the requests
 * they carry.
 *
 * <p>First in each connection's pipeline until the connection's first read.
 */
@Sharable
final class AcceptedConnections extends ChannelInboundHandlerAdapter {

	static final String NAME = "kestrel.acceptedConnections";

	/** How long a connection accepted just before shutdown has to send its first bytes. */
	static final Duration FIRST_READ_GRACE = Duration.ofSeconds(1);

	private static final AttributeKey<Promise<Void>> FIRST_READ = AttributeKey.valueOf("kestrel.firstRead");

	static final AcceptedConnections INSTANCE = new AcceptedConnections();

	private AcceptedConnections() {
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		ctx.channel().attr(FIRST_READ).set(ctx.executor().newPromise());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		ctx.pipeline().remove(this);
		ctx.fireChannelRead(msg);
		// After the read went through: a request it completed is in flight by now, for the drain to wait for.
		ctx.channel().attr(FIRST_READ).get().trySuccess(null);
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		ctx.channel().attr(FIRST_READ).get().trySuccess(null);
		ctx.fireChannelInactive();
	}

	/**
	 * Wait until every connection accepted before the listeners closed has been registered on its
	 * event loop, and so joined its endpoint's connections: a listener hands an accepted
	 * connection to a worker loop as a task, which a task queued after it on that loop follows.
	 * @param workers the event loops that serve connections
	 */
	static void awaitRegistrations(Iterable<EventExecutor> workers) {
		for (EventExecutor worker : workers) {
			worker.submit(() -> {
			}).awaitUninterruptibly();
		}
	}

	/**
	 * Wait until every connection that has not read anything yet has, or has closed, for at most
	 * {@link #FIRST_READ_GRACE}. Call once no listener accepts any more.
	 * @param connections the connections of the server's endpoints
	 * @return completes when they have, or when the grace is over
	 */
	static Mono<Void> firstReads(List<? extends Collection<Channel>> connections) {
		List<Mono<Void>> pending = connections.stream()
			.flatMap(Collection::stream)
			.filter((channel) -> channel.parent() instanceof ServerChannel)
			.map((channel) -> channel.attr(FIRST_READ).get())
			.filter((promise) -> promise != null && !promise.isDone())
			.map((promise) -> Mono.<Void>create((sink) -> promise.addListener((future) -> sink.success())))
			.toList();
		return pending.isEmpty() ? Mono.empty()
				: Mono.when(pending).timeout(FIRST_READ_GRACE, Mono.empty());
	}

}

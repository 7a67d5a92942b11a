package io.github.serverimpl.kestrel.systemd;

import java.time.Duration;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.unix.ServerDomainSocketChannel;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * The server's event loops, with one difference: the listening channel Reactor Netty asks for (a
 * server socket, or the UDP socket of HTTP/3) is the inherited socket's, adopted rather than
 * created. Reactor Netty's public hook for this is
 * {@link LoopResources#onChannel}, which its transport calls to make the server channel.
 */
public final class InheritedSocketLoops implements LoopResources {

	private final LoopResources loops;

	private final InheritedSocket socket;

	/**
	 * Create loop resources that hand out the inherited socket's channel.
	 * @param loops the server's event loops, which stay owned by the caller
	 * @param socket the socket to serve
	 */
	public InheritedSocketLoops(LoopResources loops, InheritedSocket socket) {
		this.loops = loops;
		this.socket = socket;
	}

	/**
	 * Return the socket these loops hand out.
	 * @return the inherited socket
	 */
	public InheritedSocket socket() {
		return this.socket;
	}

	@Override
	public <C extends Channel> C onChannel(Class<C> channelType, EventLoopGroup group) {
		if (channelType == ServerSocketChannel.class || channelType == ServerDomainSocketChannel.class
				|| channelType == DatagramChannel.class) {
			Channel channel = this.socket.open();
			if (!channelType.isInstance(channel)) {
				throw new IllegalStateException(this.socket + " is a " + channel.getClass().getSimpleName()
						+ " where the endpoint expects a " + channelType.getSimpleName());
			}
			return channelType.cast(channel);
		}
		return this.loops.onChannel(channelType, group);
	}

	@Override
	public <C extends Channel> Class<? extends C> onChannelClass(Class<C> channelType, EventLoopGroup group) {
		return this.loops.onChannelClass(channelType, group);
	}

	@Override
	public EventLoopGroup onServer(boolean useNative) {
		return this.loops.onServer(useNative);
	}

	@Override
	public EventLoopGroup onServerSelect(boolean useNative) {
		return this.loops.onServerSelect(useNative);
	}

	@Override
	public EventLoopGroup onClient(boolean useNative) {
		return this.loops.onClient(useNative);
	}

	@Override
	public boolean daemon() {
		return this.loops.daemon();
	}

	@Override
	public boolean isDisposed() {
		return this.loops.isDisposed();
	}

	@Override
	public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
		// The loops belong to the server, which disposes of them once.
		return Mono.empty();
	}

}

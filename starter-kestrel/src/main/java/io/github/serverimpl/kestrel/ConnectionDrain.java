package io.github.serverimpl.kestrel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import reactor.core.publisher.Mono;
import reactor.netty.channel.ChannelOperations;

/**
 * The second half of a graceful shutdown, once no listener accepts: each request in flight is
 * waited for, each HTTP/2 connection is sent a GOAWAY and closes when its streams have ended, and
 * each idle connection is closed. HTTP/3 requests in flight are waited for too; their QUIC
 * connections close with their listener, when the server stops. This is what Reactor Netty's {@code DisposableServer.disposeNow}
 * does after it closes the listener; Kestrel runs it as a step of its own, so that a connection
 * accepted just before the listener closed first gets its grace ({@link AcceptedConnections}).
 * ({@code disposeNow} skips this step on a server whose listener is already closed.)
 */
final class ConnectionDrain {

	private ConnectionDrain() {
	}

	/**
	 * Drain an endpoint's connections.
	 * @param connections the connections and HTTP/2 streams of one endpoint
	 * @return completes once every request in flight has ended
	 */
	static Mono<Void> drain(ChannelGroup connections) {
		Map<Channel, List<Mono<Void>>> waits = new LinkedHashMap<>();
		List<Mono<Void>> inFlight = new ArrayList<>();
		for (Channel channel : connections) {
			if (channel instanceof QuicChannel) {
				// A QUIC connection is as busy as its streams; closing it would end them at once.
				continue;
			}
			Channel parent = channel.parent();
			if (parent instanceof QuicChannel) {
				// An HTTP/3 request stream: waited for; its connection closes when the server stops.
				ChannelOperations<?, ?> operations = ChannelOperations.get(channel);
				if (operations != null) {
					inFlight.add(operations.onTerminate());
				}
				continue;
			}
			boolean connection = parent instanceof ServerChannel;
			List<Mono<Void>> connectionWaits = waits.computeIfAbsent(connection ? channel : parent,
					(key) -> new ArrayList<>());
			if (connectionWaits.isEmpty() && !connection) {
				// An HTTP/2 stream: closing its connection sends GOAWAY; it closes once its streams end.
				connectionWaits.add(closed(parent.close()));
			}
			ChannelOperations<?, ?> operations = ChannelOperations.get(channel);
			if (operations != null) {
				connectionWaits.add(operations.onTerminate().doFinally((signal) -> operations.dispose()));
			}
		}
		waits.forEach((channel, connectionWaits) -> {
			if (connectionWaits.isEmpty()) {
				// No request in flight: an idle keep-alive connection.
				channel.close();
			}
			inFlight.addAll(connectionWaits);
		});
		return Mono.when(inFlight);
	}

	private static Mono<Void> closed(ChannelFuture future) {
		return Mono.create((sink) -> future.addListener((done) -> sink.success()));
	}

}

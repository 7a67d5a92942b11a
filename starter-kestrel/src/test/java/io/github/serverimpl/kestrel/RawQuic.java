package io.github.serverimpl.kestrel;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.jspecify.annotations.Nullable;

/**
 * A QUIC connection from Netty's client with nothing on top: for what an HTTP/3 client would
 * not do.
 */
final class RawQuic implements AutoCloseable {

	private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

	private final Channel udp;

	private final QuicChannel quic;

	RawQuic(int port, @Nullable String serverName) throws Exception {
		QuicSslContext context = QuicSslContextBuilder.forClient()
			.trustManager(InsecureTrustManagerFactory.INSTANCE)
			.applicationProtocols(Http3.supportedApplicationProtocols())
			.build();
		ChannelHandler codec = new QuicClientCodecBuilder()
			.sslEngineProvider((channel) -> (serverName != null)
					? context.newEngine(channel.alloc(), serverName, port) : context.newEngine(channel.alloc()))
			.maxIdleTimeout(10, TimeUnit.SECONDS)
			.initialMaxData(1_000_000)
			.initialMaxStreamDataBidirectionalLocal(1_000_000)
			// The server's HTTP/3 control and QPACK streams.
			.initialMaxStreamsUnidirectional(3)
			.initialMaxStreamDataUnidirectional(1_000_000)
			.build();
		this.udp = new Bootstrap().group(this.group).channel(NioDatagramChannel.class).handler(codec).bind(0)
			.sync()
			.channel();
		this.quic = QuicChannel.newBootstrap(this.udp)
			.handler(new ChannelInboundHandlerAdapter())
			.remoteAddress(new InetSocketAddress("127.0.0.1", port))
			.connect()
			.get(10, TimeUnit.SECONDS);
	}

	/**
	 * Return the QUIC connection.
	 * @return the connection, handshake completed
	 */
	QuicChannel quic() {
		return this.quic;
	}

	@Override
	public void close() throws InterruptedException {
		this.quic.close().sync();
		this.udp.close().sync();
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
	}

}

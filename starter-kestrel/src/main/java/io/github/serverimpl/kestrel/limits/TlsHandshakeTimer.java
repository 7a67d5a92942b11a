package io.github.serverimpl.kestrel.limits;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

/**
 * Times one connection's TLS handshake, from the connection opening to the handshake's end, and
 * counts failed handshakes; then leaves the pipeline.
 */
final class TlsHandshakeTimer extends ChannelInboundHandlerAdapter {

	static final String NAME = "kestrel.tlsHandshakeTimer";

	private final KestrelStatistics statistics;

	private final long started = System.nanoTime();

	TlsHandshakeTimer(KestrelStatistics statistics) {
		this.statistics = statistics;
	}

	@Override
	public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
		if (event instanceof SslHandshakeCompletionEvent handshake) {
			this.statistics.tlsHandshake(ConnectionCountingHandler.endpoint(ctx), System.nanoTime() - this.started,
					handshake.isSuccess());
			if (!handshake.isSuccess()) {
				ConnectionEnd.record(ctx.channel(), ConnectionEnd.TLS_HANDSHAKE_FAILED);
			}
			ctx.pipeline().remove(this);
		}
		super.userEventTriggered(ctx, event);
	}

}

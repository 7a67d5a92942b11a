package io.github.serverimpl.kestrel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.limits.RejectionReason;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kestrel's limits on HTTP/3 requests: the body's size (413), the header section's count and size
 * (431), the time the headers may take, the allowed hosts, and QUIC connections counted with the
 * others.
 */
class KestrelHttp3LimitsTests extends AbstractHttp3Tests {

	@Test
	void aBodyOverMaxRequestBodySizeIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() {
		start(KestrelLimits.DEFAULTS.withMaxRequestBodySize(1000L),
				endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3));
		String url = "https://127.0.0.1:" + this.webServer.getPort() + "/upload";
		assertThat(post(url, 1000, true)).isEqualTo("200 read 1000");
		assertThat(post(url, 1001, true)).startsWith("413");
		assertThat(post(url, 5000, false)).startsWith("413");
		assertThat(this.statistics.rejections(RejectionReason.REQUEST_BODY_TOO_LARGE)).isEqualTo(2);
	}

	@Test
	void aHeaderSectionOverTheCountOrTheSizeIsAnswered431BeforeTheApplication() {
		KestrelLimits limits = new KestrelLimits(null, null, KestrelLimits.DEFAULT_MAX_REQUEST_BODY_SIZE, 8192,
				KestrelLimits.DEFAULT_MAX_REQUEST_HEADERS_TOTAL_SIZE, 10, null, null, null, null,
				KestrelLimits.Http2.DEFAULTS, new KestrelLimits.Http3(2048));
		start(limits, endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3));
		String url = "https://127.0.0.1:" + this.webServer.getPort() + "/";
		assertThat(TestClients.get(TestClients.h3().headers((headers) -> {
			for (int i = 0; i < 5; i++) {
				headers.set("x-fine-" + i, "yes");
			}
		}), url).status()).isEqualTo(200);
		assertThat(TestClients.get(TestClients.h3().headers((headers) -> {
			for (int i = 0; i < 12; i++) {
				headers.set("x-many-" + i, "yes");
			}
		}), url).status()).isEqualTo(431);
		assertThat(TestClients.get(TestClients.h3().headers((headers) -> headers.set("x-large", "a".repeat(3000))), url)
			.status()).isEqualTo(431);
		assertThat(this.statistics.rejections(RejectionReason.TOO_MANY_HEADERS)).isOne();
		assertThat(this.statistics.rejections(RejectionReason.REQUEST_HEADERS_TOO_LARGE)).isOne();
	}

	@Test
	void aRequestStreamWhoseHeadersDoNotArriveInTimeIsClosed() throws Exception {
		start(KestrelLimits.DEFAULTS.withTimeouts(KestrelLimits.DEFAULTS.keepAliveTimeout(), Duration.ofMillis(500)),
				endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3));
		try (RawQuic connection = new RawQuic(this.webServer.getPort(), null)) {
			CompletableFuture<String> ended = new CompletableFuture<>();
			QuicStreamChannel stream = connection.quic()
				.createStream(QuicStreamType.BIDIRECTIONAL, new ChannelInboundHandlerAdapter() {
					@Override
					public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
						if (event instanceof ChannelInputShutdownEvent) {
							ended.complete("input shut down");
						}
					}

					@Override
					public void channelInactive(ChannelHandlerContext ctx) {
						ended.complete("closed");
					}

					@Override
					public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
						ended.complete(cause.toString());
					}
				})
				.get(10, TimeUnit.SECONDS);
			// A HEADERS frame's type, and nothing more: the stream is open, its headers never come.
			stream.writeAndFlush(Unpooled.wrappedBuffer(new byte[] { 0x01 })).sync();
			assertThat(ended.get(10, TimeUnit.SECONDS)).as("how the server ended the stream").isNotNull();
		}
		assertThat(this.statistics.rejections(RejectionReason.REQUEST_HEADERS_TIMEOUT)).isOne();
	}

	@Test
	void aHostOutsideAllowedHostsIsRefusedOnHttp3As400() {
		start((factory) -> {
			factory.setEndpoints(List.of(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3)));
			factory.setAllowedHosts(List.of("example.com"));
		});
		TestClients.Response response = TestClients.get(TestClients.h3(),
				"https://127.0.0.1:" + this.webServer.getPort() + "/");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("Invalid host");
	}

	@Test
	void quicConnectionsAreCountedWithTheOthersAndTaggedHttp3() {
		List<String> closed = new CopyOnWriteArrayList<>();
		this.statistics.addListener(new KestrelStatistics.Listener() {
			@Override
			public void connectionClosed(String endpoint, String protocol, String endReason, long openNanos) {
				closed.add(endpoint + " " + protocol);
			}
		});
		start(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3));
		assertThat(TestClients.get(TestClients.h3(HttpClient.newConnection()), addresses().get(0) + "/").protocol())
			.isEqualTo("HTTP/3.0");
		assertThat(this.statistics.activeConnections()).isOne();
		this.webServer.stop();
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(closed).contains("h3 HTTP/3"));
		assertThat(this.statistics.activeConnections()).isZero();
	}

	private static String post(String url, int size, boolean declareLength) {
		byte[] body = new byte[size];
		return TestClients.h3()
			.headers((headers) -> {
				if (declareLength) {
					headers.set("Content-Length", size);
				}
			})
			.post()
			.uri(url)
			.send(declareLength ? ByteBufMono.just(Unpooled.wrappedBuffer(body))
					: ByteBufFlux.fromInbound(Flux.range(0, size / 500).map((i) -> new byte[500])))
			.responseSingle((response, content) -> content.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + text))
			.block(TestClients.TIMEOUT);
	}

}

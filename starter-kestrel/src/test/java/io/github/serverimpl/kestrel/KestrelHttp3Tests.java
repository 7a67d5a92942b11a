package io.github.serverimpl.kestrel;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.limits.RejectionReason;
import io.github.serverimpl.kestrel.systemd.InheritedSocket;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamType;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.ByteBufMono;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Ssl.ClientAuth;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTP/3 endpoints: QUIC on UDP beside TCP on the same port, as Kestrel serves
 * {@code Http1AndHttp2AndHttp3}, with Reactor Netty's HTTP/3 client.
 */
@ExtendWith(OutputCaptureExtension.class)
class KestrelHttp3Tests {

	/** Set when a {@code /slow} request reaches the application. */
	private static final AtomicBoolean SLOW_ARRIVED = new AtomicBoolean();

	/** Set when the answer to {@code /slow} starts, after its delay. */
	private static final AtomicBoolean SLOW_ANSWERING = new AtomicBoolean();

	/**
	 * Answers with the protocol and the client's address as the request features give them; a
	 * POST, with the size of the body it read.
	 */
	private static final HttpHandler FEATURES = (request, response) -> {
		if (request.getMethod() == HttpMethod.POST) {
			return DataBufferUtils.join(request.getBody())
				.map((body) -> {
					int size = body.readableByteCount();
					DataBufferUtils.release(body);
					return size;
				})
				.defaultIfEmpty(0)
				.flatMap((size) -> response
					.writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(("read " + size).getBytes()))));
		}
		if (request.getPath().value().equals("/slow")) {
			SLOW_ARRIVED.set(true);
			return Mono.delay(Duration.ofMillis(1000))
				.then(Mono.fromRunnable(() -> SLOW_ANSWERING.set(true)))
				.then(response.writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap("slow".getBytes()))));
		}
		RequestFeatures features = RequestFeatures.of(request);
		String body = features.get(HttpProtocolFeature.class).protocol() + " "
				+ features.get(HttpConnectionFeature.class).remoteAddress();
		if (request.getPath().value().equals("/own-alt-svc")) {
			response.getHeaders().set("Alt-Svc", "h2=\"alt.example:443\"");
		}
		return response.writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes())));
	};

	private final KestrelStatistics statistics = new KestrelStatistics();

	private KestrelWebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	private static EndpointOptions endpoint(String url, HttpProtocols protocols) {
		return new EndpointOptions("h3", EndpointUrl.parse(url), protocols, url.startsWith("https") ? "localhost" : null,
				ClientAuth.NONE, Map.of(), false, null, false, true);
	}

	private KestrelWebServer start(EndpointOptions... endpoints) {
		return start(KestrelLimits.DEFAULTS, endpoints);
	}

	private KestrelWebServer start(KestrelLimits limits, EndpointOptions... endpoints) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(endpoints));
		factory.setLimits(limits);
		factory.setStatistics(this.statistics);
		factory.setSslBundles(TestBundles.registry());
		this.webServer = factory.getWebServer(FEATURES);
		this.webServer.start();
		return this.webServer;
	}

	private List<String> addresses() {
		return this.webServer.getServerFeatures().getAddresses().getAddresses();
	}

	@Test
	void servesHttp3OnTheUdpPortOfTheSameNumberAndAdvertisesItOnTcp(CapturedOutput output) {
		start(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3));
		int port = this.webServer.getPort();
		assertThat(addresses()).containsExactly("https://127.0.0.1:" + port);
		assertThat(output).contains("Now listening on: https://127.0.0.1:" + port + " (HTTP/3 over UDP)")
			.contains("Kestrel started on ports " + port + " (https), " + port + " (h3)");
		TestClients.Response h3 = TestClients.get(TestClients.h3(), "https://127.0.0.1:" + port + "/");
		assertThat(h3.protocol()).isEqualTo("HTTP/3.0");
		assertThat(h3.body()).startsWith("HTTP/3 /127.0.0.1:");
		assertThat(h3.altSvc()).as("HTTP/3 responses need no advertisement").isNull();
		TestClients.Response h2 = TestClients.get(TestClients.h2(), "https://127.0.0.1:" + port + "/");
		assertThat(h2.body()).startsWith("HTTP/2 ");
		assertThat(h2.altSvc()).isEqualTo("h3=\":" + port + "\"; ma=86400");
		assertThat(TestClients.get(TestClients.https(), "https://127.0.0.1:" + port + "/").altSvc())
			.isEqualTo("h3=\":" + port + "\"; ma=86400");
	}

	@Test
	void aGracefulShutdownWaitsForTheHttp3RequestInFlight() throws Exception {
		SLOW_ARRIVED.set(false);
		SLOW_ANSWERING.set(false);
		start(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3));
		String url = "https://127.0.0.1:" + this.webServer.getPort() + "/slow";
		CompletableFuture<TestClients.Response> inFlight = CompletableFuture
			.supplyAsync(() -> TestClients.get(TestClients.h3(HttpClient.newConnection()), url));
		// The request is in flight once the application has it (a QUIC connection opens before that).
		Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(SLOW_ARRIVED);
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		AtomicBoolean answeredFirst = new AtomicBoolean();
		CountDownLatch done = new CountDownLatch(1);
		this.webServer.shutDownGracefully((outcome) -> {
			result.set(outcome);
			answeredFirst.set(SLOW_ANSWERING.get());
			done.countDown();
		});
		assertThat(inFlight.get(10, TimeUnit.SECONDS).body()).isEqualTo("slow");
		assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(result.get()).isEqualTo(GracefulShutdownResult.IDLE);
		assertThat(answeredFirst).as("the shutdown ended after the request in flight was answered").isTrue();
	}

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
	void systemdsTcpAndUdpSocketsOnOnePortServeOneEndpoint() throws Exception {
		Epoll.ensureAvailability();
		Socket tcp = Socket.newSocketStream();
		tcp.bind(new InetSocketAddress("127.0.0.1", 0));
		tcp.listen(128);
		int port = tcp.localAddress().getPort();
		Socket udp = Socket.newSocketDgram();
		udp.bind(new InetSocketAddress("127.0.0.1", port));
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(new EndpointOptions("web", EndpointUrl.parse("https://systemd:web"),
				HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3, "localhost", ClientAuth.NONE, Map.of(), false, null, false,
				true)));
		factory.setInheritedSockets(List.of(new InheritedSocket(tcp.intValue(), "web"),
				new InheritedSocket(udp.intValue(), "web")));
		factory.setSslBundles(TestBundles.registry());
		this.webServer = factory.getWebServer(FEATURES);
		this.webServer.start();
		assertThat(addresses()).containsExactly("https://127.0.0.1:" + port);
		assertThat(TestClients.get(TestClients.h3(), "https://127.0.0.1:" + port + "/").protocol())
			.isEqualTo("HTTP/3.0");
		assertThat(TestClients.get(TestClients.https(), "https://127.0.0.1:" + port + "/").altSvc())
			.isEqualTo("h3=\":" + port + "\"; ma=86400");
	}

	@Test
	void aReloadedBundleServesTheNextQuicHandshake() {
		DefaultSslBundleRegistry registry = TestBundles.registry();
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3)));
		factory.setSslBundles(registry);
		this.webServer = factory.getWebServer(FEATURES);
		this.webServer.start();
		String url = "https://127.0.0.1:" + this.webServer.getPort() + "/";
		assertThat(certificateSubject(url)).isEqualTo("CN=localhost");
		registry.updateBundle("localhost", TestBundles.bundle("other"));
		assertThat(certificateSubject(url)).isEqualTo("CN=other.example");
	}

	@Test
	void aHostOutsideAllowedHostsIsRefusedOnHttp3As400() {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3)));
		factory.setSslBundles(TestBundles.registry());
		factory.setAllowedHosts(List.of("example.com"));
		this.webServer = factory.getWebServer(FEATURES);
		this.webServer.start();
		TestClients.Response response = TestClients.get(TestClients.h3(),
				"https://127.0.0.1:" + this.webServer.getPort() + "/");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("Invalid host");
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
	void theServerNameOfAQuicHandshakeChoosesTheCertificate() throws Exception {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(new EndpointOptions("h3", EndpointUrl.parse("https://127.0.0.1:0"),
				HttpProtocols.HTTP3, "localhost", ClientAuth.NONE, Map.of("other.example", "other"), false, null, false,
				true)));
		factory.setSslBundles(TestBundles.registry());
		this.webServer = factory.getWebServer(FEATURES);
		this.webServer.start();
		int port = this.webServer.getPort();
		assertThat(quicCertificateSubject(port, null)).isEqualTo("CN=localhost");
		assertThat(quicCertificateSubject(port, "other.example")).isEqualTo("CN=other.example");
	}

	/**
	 * Complete a QUIC handshake with Netty's QUIC client, naming a server or not, and return the
	 * subject of the certificate the server presented.
	 */
	private static String quicCertificateSubject(int port, @Nullable String serverName) throws Exception {
		try (RawQuic connection = new RawQuic(port, serverName)) {
			return ((X509Certificate) connection.quic().sslEngine().getSession().getPeerCertificates()[0])
				.getSubjectX500Principal()
				.getName();
		}
	}

	/** The subject of the certificate a new QUIC connection was shown. */
	private static String certificateSubject(String url) {
		AtomicReference<String> subject = new AtomicReference<>();
		TestClients.get(TestClients.h3(HttpClient.newConnection()).doOnConnected((connection) -> {
			Channel channel = connection.channel();
			while (!(channel instanceof QuicChannel) && channel != null) {
				channel = channel.parent();
			}
			try {
				subject.set(((X509Certificate) ((QuicChannel) channel).sslEngine().getSession()
					.getPeerCertificates()[0]).getSubjectX500Principal().getName());
			}
			catch (SSLPeerUnverifiedException ex) {
				throw new IllegalStateException(ex);
			}
		}), url);
		return subject.get();
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

	@Test
	void anAltSvcTheApplicationSetsWinsAndTheHeaderCanBeTurnedOff() {
		start(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3),
				endpoint("https://127.0.0.1:0", HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3).withAltSvcHeader(false));
		String advertising = addresses().get(0);
		String quiet = addresses().get(1);
		assertThat(TestClients.get(TestClients.https(), advertising + "/own-alt-svc").altSvc())
			.isEqualTo("h2=\"alt.example:443\"");
		assertThat(TestClients.get(TestClients.https(), quiet + "/").altSvc()).isNull();
		assertThat(TestClients.get(TestClients.h3(), quiet + "/").protocol()).isEqualTo("HTTP/3.0");
	}

	@Test
	void anHttp3OnlyEndpointHasNoTcpListener() {
		start(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3));
		int port = this.webServer.getPort();
		assertThat(TestClients.get(TestClients.h3(), "https://127.0.0.1:" + port + "/").body()).startsWith("HTTP/3 ");
		assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
	}

	@Test
	void aClearTextEndpointServesHttp1AndHttp2WithoutHttp3AndSaysWhy(CapturedOutput output) {
		start(endpoint("http://127.0.0.1:0", HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3));
		assertThat(output).contains("Endpoint 'h3' (http://127.0.0.1:0) asks for HTTP/3, which requires HTTPS; it "
				+ "serves http1-and-http2 only");
		TestClients.Response response = TestClients.get(addresses().get(0) + "/");
		assertThat(response.body()).startsWith("HTTP/1.1 ");
		assertThat(response.altSvc()).isNull();
		assertThat(output).doesNotContain("HTTP/3 over UDP");
	}

	@Test
	void http3AloneOnClearTextOrOnAUnixSocketStopsStartUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> endpoint("http://127.0.0.1:0", HttpProtocols.HTTP3))
			.withMessageContaining("serves only HTTP/3, which requires HTTPS");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> endpoint("https://unix:/tmp/h3.sock", HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3))
			.withMessageContaining("runs over UDP on an IP address");
	}

}

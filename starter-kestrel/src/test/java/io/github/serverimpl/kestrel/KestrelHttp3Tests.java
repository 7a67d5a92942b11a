package io.github.serverimpl.kestrel;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLPeerUnverifiedException;

import io.github.serverimpl.kestrel.systemd.InheritedSocket;
import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import io.netty.handler.codec.quic.QuicChannel;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Ssl.ClientAuth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HTTP/3 endpoints: QUIC on UDP beside TCP on the same port, as Kestrel serves
 * {@code Http1AndHttp2AndHttp3}, with Reactor Netty's HTTP/3 client; the Alt-Svc advertisement and
 * the endpoint rules, graceful shutdown, systemd's sockets, and the QUIC handshake's certificate
 * (SNI, a reloaded bundle). The limits are {@link KestrelHttp3LimitsTests}'.
 */
@ExtendWith(OutputCaptureExtension.class)
class KestrelHttp3Tests extends AbstractHttp3Tests {

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
	void systemdsTcpAndUdpSocketsOnOnePortServeOneEndpoint() throws Exception {
		Epoll.ensureAvailability();
		Socket tcp = Socket.newSocketStream();
		tcp.bind(new InetSocketAddress("127.0.0.1", 0));
		tcp.listen(128);
		int port = tcp.localAddress().getPort();
		Socket udp = Socket.newSocketDgram();
		udp.bind(new InetSocketAddress("127.0.0.1", port));
		start((factory) -> {
			factory.setEndpoints(List.of(new EndpointOptions("web", EndpointUrl.parse("https://systemd:web"),
					HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3, "localhost", ClientAuth.NONE, Map.of(), false, null, false,
					true)));
			factory.setInheritedSockets(List.of(new InheritedSocket(tcp.intValue(), "web"),
					new InheritedSocket(udp.intValue(), "web")));
		});
		assertThat(addresses()).containsExactly("https://127.0.0.1:" + port);
		assertThat(TestClients.get(TestClients.h3(), "https://127.0.0.1:" + port + "/").protocol())
			.isEqualTo("HTTP/3.0");
		assertThat(TestClients.get(TestClients.https(), "https://127.0.0.1:" + port + "/").altSvc())
			.isEqualTo("h3=\":" + port + "\"; ma=86400");
	}

	@Test
	void aReloadedBundleServesTheNextQuicHandshake() {
		DefaultSslBundleRegistry registry = TestBundles.registry();
		start((factory) -> {
			factory.setEndpoints(List.of(endpoint("https://127.0.0.1:0", HttpProtocols.HTTP3)));
			factory.setSslBundles(registry);
		});
		String url = "https://127.0.0.1:" + this.webServer.getPort() + "/";
		assertThat(certificateSubject(url)).isEqualTo("CN=localhost");
		registry.updateBundle("localhost", TestBundles.bundle("other"));
		assertThat(certificateSubject(url)).isEqualTo("CN=other.example");
	}

	@Test
	void theServerNameOfAQuicHandshakeChoosesTheCertificate() throws Exception {
		start((factory) -> {
			factory.setEndpoints(List.of(new EndpointOptions("h3", EndpointUrl.parse("https://127.0.0.1:0"),
					HttpProtocols.HTTP3, "localhost", ClientAuth.NONE, Map.of("other.example", "other"), false, null, false,
					true)));
		});
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

}

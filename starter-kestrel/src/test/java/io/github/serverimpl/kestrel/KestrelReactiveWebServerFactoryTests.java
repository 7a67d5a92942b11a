package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.serverimpl.features.ServerAddress;
import io.github.serverimpl.server.FeatureWebServer;
import io.netty.channel.unix.DomainSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.Ssl.ClientAuth;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Kestrel against the server contract, plus Kestrel's endpoint model: many endpoints, Unix
 * sockets, HTTPS from bundles with SNI and reload, h2 and h2c.
 */
@ExtendWith(OutputCaptureExtension.class)
class KestrelReactiveWebServerFactoryTests extends AbstractReactiveWebServerFactoryContractTests {

	@TempDir
	Path temp;

	@Override
	protected KestrelReactiveWebServerFactory createFactory() {
		return new KestrelReactiveWebServerFactory();
	}

	private KestrelReactiveWebServerFactory factory(EndpointOptions... endpoints) {
		KestrelReactiveWebServerFactory factory = createFactory();
		factory.setEndpoints(List.of(endpoints));
		factory.setSslBundles(TestBundles.registry());
		return factory;
	}

	private List<String> addresses() {
		return ((FeatureWebServer) this.webServer).getServerFeatures().getAddresses().getAddresses();
	}

	private String socketPath(String name) {
		return this.temp.resolve(name).toString();
	}

	private static EndpointOptions https(String name, String bundle, Map<String, String> sni) {
		return new EndpointOptions(name, EndpointUrl.parse("https://127.0.0.1:0"), HttpProtocols.HTTP1_AND_HTTP2,
				bundle, ClientAuth.NONE, sni, false, null, false, true);
	}

	@Test
	void servesSeveralEndpointsAtOnceAndListsEachAddress() {
		String socket = socketPath("app.sock");
		start(factory(EndpointOptions.of("a", "http://127.0.0.1:0"), EndpointOptions.of("b", "http://127.0.0.1:0"),
				EndpointOptions.of("uds", "http://unix:" + socket)));
		List<String> addresses = addresses();
		assertThat(addresses).hasSize(3).last().isEqualTo("http://unix:" + socket);
		for (String address : addresses.subList(0, 2)) {
			assertThat(TestClients.get(address + "/").body()).isEqualTo("Hello");
		}
		assertThat(ServerAddress.parse(addresses.get(0)).port()).isNotEqualTo(ServerAddress.parse(addresses.get(1)).port())
			.isEqualTo(this.webServer.getPort());
		assertThat(TestClients.get(TestClients.unix(unixAddress(socket)), "/").body())
			.isEqualTo("Hello");
	}

	@Test
	void portMinusOneWithNoEndpointsListensNowhere() {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory(-1);
		start(factory);
		assertThat(addresses()).isEmpty();
		assertThat(this.webServer.getPort()).isEqualTo(-1);
	}

	@Test
	void localhostBindsBothLoopbacksOnTheSamePort() {
		start(factory(EndpointOptions.of("local", "http://localhost:0")));
		int port = this.webServer.getPort();
		assertThat(addresses()).first().isEqualTo("http://127.0.0.1:" + port);
		assumeThat(addresses()).as("IPv6 loopback available").hasSize(2);
		assertThat(addresses().get(1)).isEqualTo("http://[::1]:" + port);
		assertThat(TestClients.get("http://[::1]:" + port + "/").body()).isEqualTo("Hello");
	}

	@Test
	void wildcardHostBindsEveryAddress() {
		start(factory(EndpointOptions.of("any", "http://*:0")));
		assertThat(addresses()).singleElement().asString().matches("http://(\\[::]|0\\.0\\.0\\.0):\\d+");
		assertThat(TestClients.get(url("/")).body()).isEqualTo("Hello");
	}

	@Test
	void unixSocketFileIsRemovedOnStop() {
		String socket = socketPath("stop.sock");
		start(factory(EndpointOptions.of("uds", "http://unix:" + socket)));
		assertThat(Path.of(socket)).exists();
		assertThat(this.webServer.getPort()).isEqualTo(-1);
		this.webServer.stop();
		assertThat(Path.of(socket)).doesNotExist();
	}

	@Test
	void unixSocketFileGetsTheConfiguredPermissions() throws IOException {
		String socket = socketPath("shared.sock");
		start(factory(EndpointOptions.of("uds", "http://unix:" + socket).withSocketPermissions("rw-rw-rw-")));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(socket))))
			.isEqualTo("rw-rw-rw-");
	}

	@Test
	void staleUnixSocketFileIsReplaced() throws IOException {
		String socket = socketPath("stale.sock");
		Files.createFile(Path.of(socket));
		start(factory(EndpointOptions.of("uds", "http://unix:" + socket)));
		assertThat(TestClients.get(TestClients.unix(unixAddress(socket)), "/").body())
			.isEqualTo("Hello");
	}

	@Test
	void unixSocketThatAnotherProcessListensOnStopsStartUp() throws IOException {
		String socket = socketPath("live.sock");
		try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			other.bind(UnixDomainSocketAddress.of(socket));
			this.webServer = factory(EndpointOptions.of("uds", "http://unix:" + socket)).getWebServer(handler());
			assertThatExceptionOfType(WebServerException.class).isThrownBy(this.webServer::start)
				.withMessageContaining(socket).withMessageContaining("in use");
		}
	}

	@Test
	void httpsEndpointServesTheBundleAndNegotiatesHttp2WithAlpn() throws Exception {
		start(factory(https("tls", "localhost", Map.of())));
		String url = addresses().get(0) + "/features";
		assertThat(url).startsWith("https://127.0.0.1:");
		TestClients.Response response = TestClients.get(TestClients.h2(), url);
		assertThat(response.protocol()).isEqualTo("HTTP/2.0");
		assertThat(response.body()).startsWith("HTTP/2 ");
		assertThat(TestClients.get(TestClients.https(), url).body()).startsWith("HTTP/1.1 ");
		assertThat(TestClients.certificateSubject(this.webServer.getPort(), null)).isEqualTo("CN=localhost");
	}

	@Test
	void requestLimitsApplyOnTlsEndpointsAfterAlpnChoseHttp11() throws Exception {
		start(factory(https("tls", "localhost", Map.of())));
		TestClients.Response response = TestClients.get(TestClients.https().headers((headers) -> {
			for (int i = 0; i <= 100; i++) {
				headers.add("X-H" + i, "v");
			}
		}), addresses().get(0) + "/");
		assertThat(response.status()).as("101 header fields").isEqualTo(431);
	}

	@Test
	void timesTlsHandshakesAndCountsTheOnesThatFail() throws Exception {
		KestrelReactiveWebServerFactory factory = factory(https("tls", "localhost", Map.of()));
		start(factory);
		TestClients.certificateSubject(this.webServer.getPort(), "localhost");
		try (Socket plain = new Socket("127.0.0.1", this.webServer.getPort())) {
			plain.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
			plain.setSoTimeout(5000);
			plain.getInputStream().read();
		}
		catch (IOException ex) {
			// the server refuses the handshake
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
			assertThat(factory.getStatistics().tlsHandshakes()).isEqualTo(2);
			assertThat(factory.getStatistics().failedTlsHandshakes()).isEqualTo(1);
		});
		assertThat(factory.getStatistics().tlsHandshakeSeconds()).isPositive();
	}

	@Test
	void http2OnlyClearTextEndpointServesH2cWithPriorKnowledge() {
		start(factory(EndpointOptions.of("h2c", "http://127.0.0.1:0").withProtocols(HttpProtocols.HTTP2)));
		TestClients.Response response = TestClients.get(TestClients.h2c(), url("/features"));
		assertThat(response.protocol()).isEqualTo("HTTP/2.0");
		assertThat(response.body()).startsWith("HTTP/2 ");
	}

	@Test
	void sniChoosesExactThenLongestWildcardThenTheEndpointCertificate() throws Exception {
		start(factory(https("sni", "localhost", Map.of("other.example", "other", "*.other.example", "other"))));
		int port = this.webServer.getPort();
		assertThat(TestClients.certificateSubject(port, "other.example")).isEqualTo("CN=other.example");
		assertThat(TestClients.certificateSubject(port, "a.b.other.example")).isEqualTo("CN=other.example");
		assertThat(TestClients.certificateSubject(port, "unknown.test")).isEqualTo("CN=localhost");
		assertThat(TestClients.certificateSubject(port, null)).isEqualTo("CN=localhost");
	}

	@Test
	void reloadedBundleIsServedFromTheNextHandshake() throws Exception {
		KestrelReactiveWebServerFactory factory = factory(https("tls", "localhost", Map.of()));
		DefaultSslBundleRegistry registry = TestBundles.registry();
		factory.setSslBundles(registry);
		start(factory);
		assertThat(TestClients.certificateSubject(this.webServer.getPort(), null)).isEqualTo("CN=localhost");
		registry.updateBundle("localhost", TestBundles.bundle("other"));
		assertThat(TestClients.certificateSubject(this.webServer.getPort(), null)).isEqualTo("CN=other.example");
	}

	@Test
	void withoutEndpointsServerSslAndHttp2DefineTheEndpoint() throws Exception {
		KestrelReactiveWebServerFactory factory = createFactory();
		factory.setAddress(InetAddress.getLoopbackAddress());
		factory.setPort(0);
		factory.setSslBundles(TestBundles.registry());
		Ssl ssl = new Ssl();
		ssl.setBundle("localhost");
		factory.setSsl(ssl);
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		start(factory);
		assertThat(addresses()).containsExactly("https://127.0.0.1:" + this.webServer.getPort());
		assertThat(TestClients.get(TestClients.h2(), addresses().get(0) + "/").protocol()).isEqualTo("HTTP/2.0");
	}

	@Test
	void sendsServerKestrelUnlessTurnedOffOrOverridden() {
		start(factory(EndpointOptions.of("a", "http://127.0.0.1:0")));
		assertThat(TestClients.get(url("/")).server()).isEqualTo("Kestrel");
		this.webServer.destroy();
		KestrelReactiveWebServerFactory off = factory(EndpointOptions.of("a", "http://127.0.0.1:0"));
		off.setAddServerHeader(false);
		start(off);
		assertThat(TestClients.get(url("/")).server()).isEqualTo("null");
		this.webServer.destroy();
		KestrelReactiveWebServerFactory custom = factory(EndpointOptions.of("a", "http://127.0.0.1:0"));
		custom.setServerHeader("Acme");
		start(custom);
		assertThat(TestClients.get(url("/")).server()).isEqualTo("Acme");
	}

	@Test
	void connectionLoggingLogsTheBytesOfEachConnectionAtDebug(CapturedOutput output) {
		LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
		logging.setLogLevel("io.github.serverimpl.kestrel.connections", LogLevel.DEBUG);
		start(factory(EndpointOptions.of("wire", "http://127.0.0.1:0").withConnectionLogging(true),
				EndpointOptions.of("quiet", "http://127.0.0.1:0")));
		TestClients.get(addresses().get(0) + "/logged");
		TestClients.get(addresses().get(1) + "/unlogged");
		logging.setLogLevel("io.github.serverimpl.kestrel.connections", null);
		assertThat(output).contains("connections.wire").contains("READ").doesNotContain("connections.quiet");
	}

	@Test
	void hostFilteringAnswers400ForHostsNotAllowed() {
		KestrelReactiveWebServerFactory factory = factory(EndpointOptions.of("a", "http://127.0.0.1:0"));
		factory.setAllowedHosts(List.of("example.com", "*.example.org"));
		start(factory);
		String url = url("/");
		assertThat(TestClients.get(HttpClient.create().headers((h) -> h.set("Host", "example.com:8080")), url).status())
			.isEqualTo(200);
		assertThat(TestClients.get(HttpClient.create().headers((h) -> h.set("Host", "api.example.org")), url).status())
			.isEqualTo(200);
		assertThat(TestClients.get(HttpClient.create().headers((h) -> h.set("Host", "example.org")), url).status())
			.isEqualTo(400);
		assertThat(TestClients.get(HttpClient.create().headers((h) -> h.set("Host", "evil.test")), url).status())
			.isEqualTo(400);
		assertThat(TestClients.get(TestClients.h2c().headers((h) -> h.set("Host", "evil.test")), url).status())
			.as("HTTP/2 :authority").isEqualTo(400);
	}

	@Test
	void compressesListedMimeTypesAboveTheMinimumSize() {
		KestrelReactiveWebServerFactory factory = factory(EndpointOptions.of("a", "http://127.0.0.1:0"));
		Compression compression = new Compression();
		compression.setEnabled(true);
		factory.setCompression(compression);
		this.webServer = factory.getWebServer((request, response) -> {
			String path = request.getPath().value();
			if (path.equals("/invalid")) {
				response.getHeaders().set("Content-Type", "test~plain");
			}
			else {
				response.getHeaders().setContentType(MediaType.TEXT_PLAIN);
			}
			byte[] body = "a".repeat(path.equals("/small") ? 10 : 10_000).getBytes();
			return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
		});
		this.webServer.start();
		HttpClient client = HttpClient.create()
			.headers((headers) -> headers.set("Accept-Encoding", "gzip"));
		assertThat(contentEncoding(client, url("/large"))).isEqualTo("gzip");
		assertThat(contentEncoding(client, url("/small"))).isEqualTo("none");
		assertThat(contentEncoding(client, url("/invalid"))).as("a Content-Type that is not a media type")
			.isEqualTo("none");
	}

	private static String contentEncoding(HttpClient client, String url) {
		return client.get().uri(url).response((response, body) -> body.then(Mono.just(
				((response.status().code() != 200) ? response.status().code() + " " : "")
						+ response.responseHeaders().get("Content-Encoding", "none")))).blockLast();
	}

	private static SocketAddress unixAddress(String path) {
		return LoopResources.hasNativeSupport() ? new DomainSocketAddress(path) : UnixDomainSocketAddress.of(path);
	}

}

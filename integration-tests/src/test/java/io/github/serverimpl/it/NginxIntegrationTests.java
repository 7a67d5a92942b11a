package io.github.serverimpl.it;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.utility.MountableFile;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuple2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo app behind a real Nginx (Debian's package, in a container on host networking), with the
 * recipes of {@code docs/deploy/nginx/}. Clients connect from 127.0.0.2; Nginx reaches the app from
 * 127.0.0.1, the only trusted proxy address, or through a Unix socket.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxIntegrationTests {

	@TempDir
	static Path temp;

	private DemoProcess demo;

	private GenericContainer<?> nginx;

	private int appPort;

	private int tcpPort;

	private int tlsPort;

	private int unixPort;

	private int subPathPort;

	private int streamPort;

	@RegisterExtension
	final PrintLogsOnFailure printLogsOnFailure = new PrintLogsOnFailure().container("Nginx", () -> this.nginx)
		.log("demo", () -> (this.demo != null) ? this.demo.logText() : "(not started)");

	@BeforeAll
	void start() throws IOException {
		Path run = Files.createDirectories(temp.resolve("run"));
		Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
		this.appPort = TestPorts.next();
		int proxyProtocolPort = TestPorts.next();
		this.demo = DemoProcess.start(demo(), temp.resolve("demo.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + this.appPort,
				"--server.kestrel.endpoints.proxy.url=http://unix:" + run.resolve("app.sock"),
				"--server.kestrel.endpoints.proxy.socket-permissions=rw-rw-rw-",
				"--server.kestrel.endpoints.lb.url=http://127.0.0.1:" + proxyProtocolPort,
				"--server.kestrel.endpoints.lb.proxy-protocol=true", "--server.forward-headers-strategy=native",
				"--server.forwarded-headers.known-networks=127.0.0.1/32");
		this.tcpPort = TestPorts.next();
		this.tlsPort = TestPorts.next();
		this.unixPort = TestPorts.next();
		this.subPathPort = TestPorts.next();
		this.streamPort = TestPorts.next();
		String app = "127.0.0.1:" + this.appPort;
		this.nginx = new GenericContainer<>(ProxyImages.NGINX).withNetworkMode("host")
			.withCopyToContainer(MountableFile.forClasspathResource("nginx/nginx.conf"), "/etc/nginx/nginx.conf")
			.withCopyToContainer(MountableFile.forClasspathResource("tls/app.crt"), "/etc/nginx/tls/app.crt")
			.withCopyToContainer(MountableFile.forClasspathResource("tls/app.key"), "/etc/nginx/tls/app.key")
			.withCopyToContainer(site(Recipe.load("nginx/connection-upgrade.conf")), "/etc/nginx/sites/00-upgrade.conf")
			.withCopyToContainer(site(Recipe.load("nginx/kestrel-tcp.conf").listen(80, this.tcpPort)
				.replace("127.0.0.1:5000", app)), "/etc/nginx/sites/tcp.conf")
			.withCopyToContainer(site(Recipe.load("nginx/kestrel-tls.conf").listen(443, this.tlsPort)
				.replace("127.0.0.1:5000", app)), "/etc/nginx/sites/tls.conf")
			.withCopyToContainer(site(Recipe.load("nginx/kestrel-unix.conf").listen(80, this.unixPort)),
					"/etc/nginx/sites/unix.conf")
			.withCopyToContainer(site(Recipe.load("nginx/kestrel-subpath.conf").listen(80, this.subPathPort)
				.replace("127.0.0.1:5000", app)), "/etc/nginx/sites/subpath.conf")
			.withCopyToContainer(site(Recipe.load("nginx/kestrel-proxy-protocol.conf").listen(8080, this.streamPort)
				.replace("127.0.0.1:5001", "127.0.0.1:" + proxyProtocolPort)), "/etc/nginx/streams/pp.conf")
			.withFileSystemBind(run.toString(), "/run/kestrel", BindMode.READ_WRITE);
		this.nginx.start();
		awaitListening(this.tcpPort, this.tlsPort, this.unixPort, this.subPathPort, this.streamPort);
	}

	/**
	 * Return the demo behind the proxy.
	 * @return the WebFlux demo; {@link MvcNginxIntegrationTests} runs the same tests against the Spring MVC one
	 */
	Demo demo() {
		return Demo.WEBFLUX;
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (this.nginx != null) {
			this.nginx.stop();
		}
		if (this.demo != null) {
			this.demo.close();
		}
	}

	@Test
	void tcpProxyPassesTheRealClientSchemeHostAndPort() {
		ClientOn127002.Response response = ClientOn127002.get("http://localhost:" + this.tcpPort + "/whoami");
		assertThat(response.status()).isEqualTo(200);
		assertWhoAmI(response.body(), "127.0.0.2", "http", "localhost:" + this.tcpPort);
		assertThat(response.header("Server")).startsWith("nginx");
	}

	@Test
	void tlsTerminationMakesTheApplicationSeeHttpsAndRedirectToTheProxy() {
		String base = "https://localhost:" + this.tlsPort;
		assertWhoAmI(ClientOn127002.get(ClientOn127002.https(), base + "/whoami").body(), "127.0.0.2", "https",
				"localhost:" + this.tlsPort);
		ClientOn127002.Response redirect = ClientOn127002.get(ClientOn127002.https(), base + "/redirect");
		assertThat(redirect.status()).isEqualTo(302);
		assertThat(redirect.header("Location")).isEqualTo(base + "/whoami");
	}

	@Test
	void unixSocketProxyPassesTheRealClientSchemeHostAndPort() {
		ClientOn127002.Response response = ClientOn127002.get("http://localhost:" + this.unixPort + "/whoami");
		assertThat(response.status()).isEqualTo(200);
		assertWhoAmI(response.body(), "127.0.0.2", "http", "localhost:" + this.unixPort);
	}

	@Test
	void subPathBecomesTheContextPathAndRedirectsKeepIt() {
		String base = "http://localhost:" + this.subPathPort;
		ClientOn127002.Response response = ClientOn127002.get(base + "/app/whoami");
		assertThat((String) JsonPath.read(response.body(), "$.contextPath")).isEqualTo("/app");
		assertWhoAmI(response.body(), "127.0.0.2", "http", "localhost:" + this.subPathPort);
		assertThat(ClientOn127002.get(base + "/app/redirect").header("Location")).isEqualTo(base + "/app/whoami");
	}

	@Test
	void proxyProtocolFromTheStreamModuleGivesTheRealClient() {
		ClientOn127002.Response response = ClientOn127002.get("http://localhost:" + this.streamPort + "/whoami");
		assertThat(response.status()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.remoteAddress")).isEqualTo("127.0.0.2");
		assertThat(response.header("Server")).isEqualTo("Kestrel");
	}

	@Test
	void webSocketEchoesThroughNginx() {
		String echoed = ClientOn127002.http().websocket().uri("ws://localhost:" + this.tcpPort + "/ws/echo")
			.handle((in, out) -> out.sendString(Mono.just("hello through nginx")).then()
				.thenMany(in.receive().asString().take(1)))
			.blockFirst(ClientOn127002.TIMEOUT);
		assertThat(echoed).isEqualTo("hello through nginx");
	}

	@Test
	void serverSentEventsStreamThroughNginxEventByEvent() {
		List<Tuple2<Long, String>> chunks = ClientOn127002.http().get()
			.uri("http://localhost:" + this.tcpPort + "/sse")
			.responseContent().asString().elapsed().collectList().block(ClientOn127002.TIMEOUT);
		assertThat(String.join("", chunks.stream().map(Tuple2::getT2).toList())).contains("data:tick 1\n")
			.contains("data:tick 10\n");
		long streamedOver = chunks.stream().skip(1).mapToLong(Tuple2::getT1).sum();
		assertThat(chunks).as("events arrive one by one, not buffered into one response").hasSizeGreaterThan(5);
		assertThat(Duration.ofMillis(streamedOver)).isGreaterThan(Duration.ofMillis(500));
	}

	@Test
	void forgedHeadersSentStraightToKestrelAreIgnored() {
		ClientOn127002.Response response = ClientOn127002.get("http://127.0.0.1:" + this.appPort + "/whoami",
				"X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https", "X-Forwarded-Host", "evil.example",
				"X-Forwarded-Prefix", "/evil");
		assertWhoAmI(response.body(), "127.0.0.2", "http", "127.0.0.1:" + this.appPort);
		assertThat((String) JsonPath.read(response.body(), "$.contextPath")).isEmpty();
		assertThat(this.demo.logText()).contains("Forwarded headers from 127.0.0.2 were ignored");
	}

	@Test
	void throughNginxOnlyTheEntryNginxAppendedCounts() {
		ClientOn127002.Response response = ClientOn127002.get("http://localhost:" + this.tcpPort + "/whoami",
				"X-Forwarded-For", "6.6.6.6", "X-Forwarded-Proto", "https");
		assertWhoAmI(response.body(), "127.0.0.2", "http", "localhost:" + this.tcpPort);
	}

	private static void assertWhoAmI(String json, String remoteAddress, String scheme, String host) {
		assertThat((String) JsonPath.read(json, "$.remoteAddress")).as(json).isEqualTo(remoteAddress);
		assertThat((String) JsonPath.read(json, "$.scheme")).as(json).isEqualTo(scheme);
		assertThat((String) JsonPath.read(json, "$.host")).as(json).isEqualTo(host);
	}

	static Transferable site(Recipe recipe) {
		return Transferable.of(recipe.text());
	}

	/**
	 * Wait until a proxy in a container listens on every port: the container counts as started
	 * before its process has bound them, and until then a connection is refused.
	 * @param ports the ports
	 */
	static void awaitListening(int... ports) {
		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptionsInstanceOf(ConnectException.class)
			.untilAsserted(() -> {
				for (int port : ports) {
					try (Socket socket = new Socket("127.0.0.1", port)) {
						assertThat(socket.isConnected()).isTrue();
					}
				}
			});
	}

}

package io.github.serverimpl.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo app behind a real Apache httpd (Debian's package, in a container on host networking),
 * with the recipes of {@code docs/deploy/apache/}: mod_proxy_http over TCP and a Unix socket, TLS
 * termination, mod_proxy_wstunnel, and mod_proxy_http2 to an h2c endpoint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApacheIntegrationTests {

	@TempDir
	static Path temp;

	private DemoProcess demo;

	private GenericContainer<?> apache;

	private int tcpPort;

	private int tlsPort;

	private int unixPort;

	private int webSocketPort;

	private int h2cPort;

	@RegisterExtension
	final PrintLogsOnFailure printLogsOnFailure = new PrintLogsOnFailure().container("Apache", () -> this.apache)
		.log("demo", () -> (this.demo != null) ? this.demo.logText() : "(not started)");

	@BeforeAll
	void start() throws IOException {
		Path run = Files.createDirectories(temp.resolve("run"));
		Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
		int appPort = TestPorts.next();
		int appH2cPort = TestPorts.next();
		this.demo = DemoProcess.start(demo(), temp.resolve("demo.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + appPort,
				"--server.kestrel.endpoints.proxy.url=http://unix:" + run.resolve("app.sock"),
				"--server.kestrel.endpoints.proxy.socket-permissions=rw-rw-rw-",
				"--server.kestrel.endpoints.h2c.url=http://127.0.0.1:" + appH2cPort,
				"--server.kestrel.endpoints.h2c.protocols=http2", "--server.forward-headers-strategy=native",
				"--server.forwarded-headers.known-networks=127.0.0.1/32");
		this.tcpPort = TestPorts.next();
		this.tlsPort = TestPorts.next();
		this.unixPort = TestPorts.next();
		this.webSocketPort = TestPorts.next();
		this.h2cPort = TestPorts.next();
		String app = "127.0.0.1:" + appPort;
		String ports = "# Written by the test harness: one listener per recipe, errors to the container log.\n"
				+ "ErrorLog /proc/self/fd/2\n" + "Listen 127.0.0.1:" + this.tcpPort + "\n" + "Listen 127.0.0.1:"
				+ this.tlsPort + " https\n" + "Listen 127.0.0.1:" + this.unixPort + "\n" + "Listen 127.0.0.1:"
				+ this.webSocketPort + "\n" + "Listen 127.0.0.1:" + this.h2cPort + "\n";
		this.apache = new GenericContainer<>(ProxyImages.APACHE).withNetworkMode("host")
			.withCopyToContainer(Transferable.of(ports), "/etc/apache2/ports.conf")
			.withCopyToContainer(Transferable.of(""), "/etc/apache2/sites-enabled/000-default.conf")
			.withCopyToContainer(MountableFile.forClasspathResource("tls/app.crt"), "/etc/apache2/tls/app.crt")
			.withCopyToContainer(MountableFile.forClasspathResource("tls/app.key"), "/etc/apache2/tls/app.key")
			.withCopyToContainer(site(Recipe.load("apache/kestrel-tcp.conf").listen(80, this.tcpPort)
				.replace("127.0.0.1:5000", app)), "/etc/apache2/sites-enabled/tcp.conf")
			.withCopyToContainer(site(Recipe.load("apache/kestrel-tls.conf").listen(443, this.tlsPort)
				.replace("127.0.0.1:5000", app)), "/etc/apache2/sites-enabled/tls.conf")
			.withCopyToContainer(site(Recipe.load("apache/kestrel-unix.conf").listen(80, this.unixPort)),
					"/etc/apache2/sites-enabled/unix.conf")
			.withCopyToContainer(site(Recipe.load("apache/kestrel-websocket.conf").listen(80, this.webSocketPort)
				.replace("127.0.0.1:5000", app)), "/etc/apache2/sites-enabled/websocket.conf")
			.withCopyToContainer(site(Recipe.load("apache/kestrel-h2c.conf").listen(80, this.h2cPort)
				.replace("127.0.0.1:5003", "127.0.0.1:" + appH2cPort)), "/etc/apache2/sites-enabled/h2c.conf")
			.withFileSystemBind(run.toString(), "/run/kestrel", BindMode.READ_WRITE);
		this.apache.start();
		NginxIntegrationTests.awaitListening(this.tcpPort, this.tlsPort, this.unixPort, this.webSocketPort,
				this.h2cPort);
	}

	/**
	 * Return the demo behind the proxy.
	 * @return the WebFlux demo; {@link MvcApacheIntegrationTests} runs the same tests against the Spring MVC one
	 */
	Demo demo() {
		return Demo.WEBFLUX;
	}

	@AfterAll
	void stop() throws InterruptedException {
		if (this.apache != null) {
			this.apache.stop();
		}
		if (this.demo != null) {
			this.demo.close();
		}
	}

	@Test
	void modProxyHttpPassesTheRealClientSchemeHostAndPort() {
		ClientOn127002.Response response = ClientOn127002.get("http://localhost:" + this.tcpPort + "/whoami");
		assertThat(response.status()).isEqualTo(200);
		assertWhoAmI(response.body(), "127.0.0.2", "http", "localhost:" + this.tcpPort);
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
	void unixSocketProxyPassesTheRealClient() {
		ClientOn127002.Response response = ClientOn127002.get("http://localhost:" + this.unixPort + "/whoami");
		assertThat(response.status()).isEqualTo(200);
		assertWhoAmI(response.body(), "127.0.0.2", "http", "localhost:" + this.unixPort);
	}

	@Test
	void webSocketEchoesThroughModProxyWstunnel() {
		String echoed = ClientOn127002.http().websocket().uri("ws://localhost:" + this.webSocketPort + "/ws/echo")
			.handle((in, out) -> out.sendString(Mono.just("hello through apache")).then()
				.thenMany(in.receive().asString().take(1)))
			.blockFirst(ClientOn127002.TIMEOUT);
		assertThat(echoed).isEqualTo("hello through apache");
	}

	@Test
	void modProxyHttp2ReachesTheH2cEndpointOverHttp2() {
		ClientOn127002.Response response = ClientOn127002.get("http://localhost:" + this.h2cPort + "/whoami");
		assertThat(response.status()).isEqualTo(200);
		assertThat((String) JsonPath.read(response.body(), "$.protocol")).as(response.body()).isEqualTo("HTTP/2");
	}

	private static void assertWhoAmI(String json, String remoteAddress, String scheme, String host) {
		assertThat((String) JsonPath.read(json, "$.remoteAddress")).as(json).isEqualTo(remoteAddress);
		assertThat((String) JsonPath.read(json, "$.scheme")).as(json).isEqualTo(scheme);
		assertThat((String) JsonPath.read(json, "$.host")).as(json).isEqualTo(host);
	}

	private static Transferable site(Recipe recipe) {
		return Transferable.of(recipe.text());
	}

}

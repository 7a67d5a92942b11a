package io.github.serverimpl.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demo jars, WebFlux and Spring MVC, started as users start them ({@code java -jar}),
 * answer on several endpoints at once and list them all with their real ports.
 */
class DemoJarTests extends AbstractDemoTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@ParameterizedTest
	@EnumSource(Demo.class)
	void answersOnEveryKindOfEndpointAtOnceAndListsThemWithRealPorts(Demo which) throws Exception {
		int fixed = TestPorts.next();
		String socket = this.temp.resolve("demo.sock").toString();
		this.demo = DemoProcess.start(which, this.temp.resolve("demo.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + fixed,
				"--server.kestrel.endpoints.dynamic.url=http://127.0.0.1:0",
				"--server.kestrel.endpoints.uds.url=http://unix:" + socket,
				"--server.kestrel.endpoints.tls.url=https://127.0.0.1:0",
				"--server.kestrel.endpoints.tls.ssl.bundle=demo",
				"--server.kestrel.endpoints.h2c.url=http://127.0.0.1:0",
				"--server.kestrel.endpoints.h2c.protocols=http2", "--management.server.port=0",
				"--management.server.address=127.0.0.1");
		String addresses = get(HttpClient.create(), "http://127.0.0.1:" + fixed + "/server/addresses");
		List<String> listed = parseArray(addresses);
		assertThat(listed).hasSize(5).contains("http://127.0.0.1:" + fixed, "http://unix:" + socket);
		assertThat(listed).allSatisfy((address) -> assertThat(address).doesNotEndWith(":0"));
		String tls = listed.stream().filter((address) -> address.startsWith("https://")).findFirst().orElseThrow();
		List<String> plain = listed.stream().filter((address) -> address.startsWith("http://127.0.0.1:")).toList();

		assertThat(get(HttpClient.create(), "http://127.0.0.1:" + fixed + "/")).contains("Kestrel");
		assertThat(get(HttpClient.create().remoteAddress(() -> new DomainSocketAddress(socket)), "/whoami"))
			.contains("\"protocol\":\"HTTP/1.1\"");
		assertThat(get(h2(), tls + "/whoami")).contains("\"scheme\":\"https\"").contains("\"protocol\":\"HTTP/2\"");
		List<String> others = plain.stream().filter((address) -> !address.endsWith(":" + fixed)).toList();
		assertThat(others).hasSize(2).allSatisfy((address) -> assertThat(
				get(HttpClient.create().protocol(HttpProtocol.H2C), address + "/whoami"))
			.contains("\"protocol\":\"HTTP/2\""));
		assertThat(others.stream().map((address) -> safeGet(HttpClient.create(), address + "/plaintext")))
			.as("the http1-and-http2 endpoint also answers HTTP/1.1; the http2 one does not")
			.containsExactlyInAnyOrder("Hello, World!", null);
		List<String> logged = this.demo.logText().lines().filter((line) -> line.contains("Now listening on: "))
			.map((line) -> line.substring(line.indexOf("Now listening on: ") + 18).trim())
			.toList();
		assertThat(logged).containsAll(listed).hasSize(6);
		String management = logged.stream().filter((address) -> !listed.contains(address)).findFirst().orElseThrow();
		assertThat(get(HttpClient.create(), management + "/actuator/health")).contains("UP");
	}

	@ParameterizedTest
	@EnumSource(Demo.class)
	void anUnknownServerImplementationStopsStartUpWithAReport(Demo which) throws Exception {
		assertStartUpFails(which, "--server.impl=nonesuch",
				"server.impl is 'nonesuch', but no server implementation of that name is available",
				"Available: [kestrel]");
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "checks the report HTTP.sys gives where it cannot run")
	void httpSysOffWindowsStopsStartUpWithTheWindowsOnlyReport() throws Exception {
		assertStartUpFails(Demo.WEBFLUX, "--server.impl=httpsys", "HTTP.sys is a Windows-only server", "Use server.impl=kestrel");
	}

	private void assertStartUpFails(Demo which, String argument, String... report) throws Exception {
		this.demo = DemoProcess.launch(which, this.temp.resolve("demo.log"), argument);
		assertThat(this.demo.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(this.demo.process().exitValue()).isNotZero();
		assertThat(this.demo.logText()).contains("APPLICATION FAILED TO START").contains(report);
	}

	private static HttpClient h2() {
		return HttpClient.create().protocol(HttpProtocol.H2).secure((spec) -> spec.sslContext(
				Http2SslContextSpec.forClient().configure((builder) -> builder.trustManager(
						InsecureTrustManagerFactory.INSTANCE))));
	}

	private static String get(HttpClient client, String url) {
		return client.responseTimeout(TIMEOUT).get().uri(url).responseSingle((response, body) -> {
			assertThat(response.status().code()).as(url).isEqualTo(200);
			return body.asString();
		}).block(TIMEOUT);
	}

	private static String safeGet(HttpClient client, String url) {
		try {
			return get(client, url);
		}
		catch (RuntimeException | AssertionError ex) {
			return null;
		}
	}

	private static List<String> parseArray(String json) {
		String inner = json.trim();
		assertThat(inner).startsWith("[").endsWith("]");
		List<String> values = new ArrayList<>();
		for (String part : inner.substring(1, inner.length() - 1).split(",")) {
			values.add(part.trim().replace("\"", ""));
		}
		return values;
	}

}

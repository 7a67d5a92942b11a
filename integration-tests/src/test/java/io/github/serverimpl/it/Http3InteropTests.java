package io.github.serverimpl.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demos' HTTP/3 endpoint against an HTTP/3 implementation independent of the
 * server's: Debian's {@code gtlsclient} (ngtcp2, nghttp3 and GnuTLS, where the server runs Netty's
 * QUIC on quiche and BoringSSL).
 */
class Http3InteropTests extends AbstractDemoTests {

	private static final Path GTLSCLIENT = Path.of("/usr/bin/gtlsclient");

	@BeforeAll
	static void gtlsclientIsInstalled() {
		assertThat(GTLSCLIENT).as("gtlsclient from Debian's ngtcp2-client package; scripts/test.sh installs it")
			.exists();
	}

	@ParameterizedTest
	@EnumSource(Demo.class)
	void anIndependentHttp3ClientGetsAndPostsOverQuic(Demo which) throws Exception {
		int port = TestPorts.next();
		this.demo = DemoProcess.start(which, this.temp.resolve("demo.log"),
				"--server.kestrel.endpoints.h3.url=https://127.0.0.1:" + port,
				"--server.kestrel.endpoints.h3.protocols=http1-and-http2-and-http3",
				"--server.kestrel.endpoints.h3.ssl.bundle=demo");
		assertThat(this.demo.logText()).contains("Now listening on: https://127.0.0.1:" + port + " (HTTP/3 over UDP)");

		Path whoami = this.temp.resolve("get");
		String get = gtlsclient(port, "/whoami", whoami, null);
		assertThat(get).contains("Negotiated ALPN is h3", "[:status: 200]", "[server: Kestrel]");
		assertThat(Files.readString(whoami.resolve("whoami"))).contains("\"protocol\":\"HTTP/3\"")
			.contains("\"scheme\":\"https\"");

		Path upload = this.temp.resolve("upload.bin");
		byte[] body = new byte[200_000];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) ('a' + i % 26);
		}
		Files.write(upload, body);
		Path echo = this.temp.resolve("post");
		String post = gtlsclient(port, "/echo", echo, upload);
		assertThat(post).contains("[:status: 200]");
		assertThat(Files.readAllBytes(echo.resolve("echo"))).as("the body, echoed back over HTTP/3").isEqualTo(body);
	}

	/**
	 * Run one request, saving the response body under {@code download}.
	 * @return what gtlsclient printed: the negotiated ALPN and the response headers
	 */
	private String gtlsclient(int port, String path, Path download, Path data) throws IOException,
			InterruptedException {
		Files.createDirectories(download);
		List<String> command = new ArrayList<>(List.of(GTLSCLIENT.toString(), "--exit-on-all-streams-close",
				"--no-quic-dump", "--download=" + download));
		if (data != null) {
			command.add("--http-method=POST");
			command.add("--data=" + data);
		}
		command.addAll(List.of("127.0.0.1", String.valueOf(port), "https://localhost:" + port + path));
		Path output = this.temp.resolve("gtlsclient.out");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(output.toFile())
			.start();
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("gtlsclient finishes").isTrue();
		String printed = Files.readString(output, StandardCharsets.ISO_8859_1);
		assertThat(process.exitValue()).as(printed).isZero();
		return printed;
	}

}

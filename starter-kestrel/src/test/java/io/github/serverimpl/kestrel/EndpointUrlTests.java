package io.github.serverimpl.kestrel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * How endpoint URLs are read, as Kestrel reads them.
 */
class EndpointUrlTests {

	@ParameterizedTest
	@CsvSource({ "http://localhost:5000, LOOPBACK, 5000", "http://*:80, ANY, 80", "http://+:8080, ANY, 8080",
			"http://example.com:81, ANY, 81", "http://0.0.0.0:0, ADDRESS, 0", "http://[::]:8443, ADDRESS, 8443",
			"https://127.0.0.1, ADDRESS, 443", "http://[::1]:9000/, ADDRESS, 9000", "http://*, ANY, 80" })
	void readsHostKindAndPort(String url, EndpointUrl.Kind kind, int port) {
		EndpointUrl parsed = EndpointUrl.parse(url);
		assertThat(parsed.kind()).isEqualTo(kind);
		assertThat(parsed.port()).isEqualTo(port);
	}

	@Test
	void readsAUnixSocketPath() {
		EndpointUrl url = EndpointUrl.parse("http://unix:/run/app.sock");
		assertThat(url.kind()).isEqualTo(EndpointUrl.Kind.UNIX);
		assertThat(url.socketPath()).isEqualTo("/run/app.sock");
		assertThat(url).hasToString("http://unix:/run/app.sock");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ftp://localhost:21", "localhost:8080", "http://localhost:70000", "http://localhost:x",
			"http://localhost:8080/app", "http://unix:relative.sock", "http://:8080", "http://[zz]:80",
			"http://::1:8080" })
	void rejectsMalformedUrlsNamingTheProblem(String url) {
		assertThatIllegalArgumentException().isThrownBy(() -> EndpointUrl.parse(url))
			.withMessageStartingWith("Invalid endpoint URL '" + url + "': ");
	}

	@Test
	void displaysIpv6AddressesInBrackets() {
		assertThat(EndpointUrl.parse("http://[::1]:8080")).hasToString("http://[0:0:0:0:0:0:0:1]:8080");
	}

	@Test
	void rejectsAPortOutOfRangeWithTheExpectedRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> EndpointUrl.parse("http://localhost:70000"))
			.withMessageEndingWith("port: 70000 (expected: 0-65535)");
	}

}

package io.github.serverimpl.httpsys;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.Ssl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Which URL prefix Spring Boot's {@code server.port}, {@code server.address} and
 * {@code server.ssl} describe when no prefixes are configured.
 */
class HttpSysReactiveWebServerFactoryTests {

	private final HttpSysReactiveWebServerFactory factory = new HttpSysReactiveWebServerFactory(() -> {
		throw new AssertionError("no server is started here");
	});

	@Test
	void servesLocalhostOnServerPortByDefault() {
		assertThat(prefixes()).containsExactly("http://localhost:8080/");
	}

	@Test
	void takesServerAddressAndPortWithAWildcardForAllAddresses() throws Exception {
		this.factory.setPort(9000);
		this.factory.setAddress(InetAddress.getByName("0.0.0.0"));
		assertThat(prefixes()).containsExactly("http://+:9000/");
		this.factory.setAddress(InetAddress.getByName("10.1.2.3"));
		assertThat(prefixes()).containsExactly("http://10.1.2.3:9000/");
		this.factory.setAddress(InetAddress.getByName("::1"));
		assertThat(prefixes()).containsExactly("http://localhost:9000/");
	}

	@Test
	void makesTheDefaultPrefixHttpsWhenServerSslIsOn() {
		Ssl ssl = new Ssl();
		ssl.setEnabled(true);
		this.factory.setSsl(ssl);
		this.factory.setPort(8443);
		assertThat(prefixes()).containsExactly("https://localhost:8443/");
	}

	@Test
	void configuredPrefixesWin() {
		this.factory.setOptions(HttpSysOptions.defaults().withUrlPrefixes(List.of(UrlPrefix.parse("http://example.com:81/"))));
		assertThat(prefixes()).containsExactly("http://example.com:81/");
	}

	@Test
	void refusesADynamicPortWithTheSettingsThatFixIt() {
		this.factory.setPort(0);
		assertThatIllegalStateException().isThrownBy(this.factory::resolvedOptions)
			.withMessageContaining("no dynamic ports")
			.withMessageContaining("server.httpsys.url-prefixes");
	}

	private List<String> prefixes() {
		return this.factory.resolvedOptions().urlPrefixes().stream().map(UrlPrefix::toString).toList();
	}

}

package io.github.serverimpl.features;

import java.net.InetSocketAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Bound addresses in Kestrel's display form.
 */
class ServerAddressTests {

	@Test
	void displaysIpv4Ipv6AndUnixSocketAddresses() {
		assertThat(ServerAddress.tcp("http", new InetSocketAddress("127.0.0.1", 54321)))
			.hasToString("http://127.0.0.1:54321");
		assertThat(ServerAddress.tcp("https", new InetSocketAddress("::", 8443))).hasToString("https://[::]:8443");
		assertThat(ServerAddress.tcp("http", new InetSocketAddress("::1", 80))).hasToString("http://[::1]:80");
		assertThat(ServerAddress.unix("http", "/run/app.sock")).hasToString("http://unix:/run/app.sock");
	}

	@Test
	void parsesWhatItDisplays() {
		assertThat(ServerAddress.parse("https://[::]:8443")).satisfies((address) -> {
			assertThat(address.port()).isEqualTo(8443);
			assertThat(address.isUnixSocket()).isFalse();
		});
		assertThat(ServerAddress.parse("http://unix:/run/app.sock").path()).isEqualTo("/run/app.sock");
		assertThatIllegalArgumentException().isThrownBy(() -> ServerAddress.parse("localhost"))
			.withMessageContaining("expected: scheme://host:port");
	}

}

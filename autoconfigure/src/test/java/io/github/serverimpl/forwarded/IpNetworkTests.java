package io.github.serverimpl.forwarded;

import java.net.InetAddress;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * CIDR networks as known networks use them.
 */
class IpNetworkTests {

	@Test
	void matchesAddressesInsideThePrefixOnly() throws Exception {
		IpNetwork network = IpNetwork.parse("10.20.0.0/14");
		assertThat(network.contains(InetAddress.getByName("10.23.255.255"))).isTrue();
		assertThat(network.contains(InetAddress.getByName("10.24.0.0"))).isFalse();
		assertThat(network.contains(InetAddress.getByName("::ffff:10.20.1.1"))).isTrue();
		assertThat(network.contains(InetAddress.getByName("::1"))).isFalse();
	}

	@Test
	void matchesIpv6Networks() throws Exception {
		IpNetwork network = IpNetwork.parse("fd00::/8");
		assertThat(network.contains(InetAddress.getByName("fd12:3456::1"))).isTrue();
		assertThat(network.contains(InetAddress.getByName("fe80::1"))).isFalse();
	}

	@Test
	void anAddressAloneIsANetworkOfOne() throws Exception {
		IpNetwork network = IpNetwork.parse("192.0.2.1");
		assertThat(network.prefixLength()).isEqualTo(32);
		assertThat(network.contains(InetAddress.getByName("192.0.2.2"))).isFalse();
	}

	@Test
	void rejectsHostNamesAndBadPrefixesWithoutResolvingAnything() {
		assertThatIllegalArgumentException().isThrownBy(() -> IpNetwork.parse("proxy.example"))
			.withMessage("address: proxy.example (expected: an IPv4 or IPv6 address)");
		assertThatIllegalArgumentException().isThrownBy(() -> IpNetwork.parse("10.0.0.0/33"))
			.withMessage("network: 10.0.0.0/33 (expected: a prefix length of 0-32)");
	}

}

package io.github.serverimpl.kestrel;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * SSL bundles from the self-signed test certificates under {@code ssl/}: {@code localhost}
 * (CN=localhost, also for 127.0.0.1) and {@code other} (CN=other.example, also a client's).
 */
final class TestBundles {

	private TestBundles() {
	}

	static SslBundle bundle(String name) {
		return SslBundle.of(new PemSslStoreBundle(key(name), null));
	}

	/**
	 * A bundle with {@code name}'s key that trusts {@code trusted}'s certificate: the server's for a
	 * client, a client's for a server that asks for client certificates.
	 */
	static SslBundle bundle(String name, String trusted) {
		return SslBundle.of(new PemSslStoreBundle(key(name),
				PemSslStoreDetails.forCertificate("classpath:ssl/" + trusted + ".crt")));
	}

	/** A bundle without a key that trusts {@code name}'s certificate, for a client. */
	static SslBundle trusting(String name) {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(
				"classpath:ssl/" + name + ".crt")));
	}

	private static PemSslStoreDetails key(String name) {
		return PemSslStoreDetails.forCertificate("classpath:ssl/" + name + ".crt")
			.withPrivateKey("classpath:ssl/" + name + ".key");
	}

	static DefaultSslBundleRegistry registry() {
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		registry.registerBundle("localhost", bundle("localhost"));
		registry.registerBundle("other", bundle("other"));
		return registry;
	}

}

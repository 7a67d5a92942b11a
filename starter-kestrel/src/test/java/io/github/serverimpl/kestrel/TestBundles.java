package io.github.serverimpl.kestrel;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * SSL bundles from the self-signed test certificates under {@code ssl/}: {@code localhost}
 * (CN=localhost) and {@code other} (CN=other.example).
 */
final class TestBundles {

	private TestBundles() {
	}

	static SslBundle bundle(String name) {
		PemSslStoreDetails key = PemSslStoreDetails.forCertificate("classpath:ssl/" + name + ".crt")
			.withPrivateKey("classpath:ssl/" + name + ".key");
		return SslBundle.of(new PemSslStoreBundle(key, null));
	}

	static DefaultSslBundleRegistry registry() {
		DefaultSslBundleRegistry registry = new DefaultSslBundleRegistry();
		registry.registerBundle("localhost", bundle("localhost"));
		registry.registerBundle("other", bundle("other"));
		return registry;
	}

}

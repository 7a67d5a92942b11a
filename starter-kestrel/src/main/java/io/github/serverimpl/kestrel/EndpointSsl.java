package io.github.serverimpl.kestrel;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.X509ExtendedKeyManager;

import io.netty.handler.codec.http3.Http3;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.ssl.ClientAuth;
import io.netty.util.AsyncMapping;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.tcp.AbstractProtocolSslContextSpec;
import reactor.netty.tcp.SslProvider;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslManagerBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Ssl;

/**
 * TLS of one https endpoint: its certificate, its SNI certificates chosen as Kestrel chooses them
 * (exact host, then the longest {@code *.suffix}, then {@code *}, then the endpoint's own
 * bundle), and reload when a bundle changes. The certificate is chosen per connection, so a
 * reloaded bundle serves the next handshake.
 */
final class EndpointSsl implements AsyncMapping<String, SslProvider> {

	private static final Log logger = LogFactory.getLog(EndpointSsl.class);

	private final EndpointOptions endpoint;

	private final Map<String, SslProvider> providers = new ConcurrentHashMap<>();

	/** The QUIC contexts by bundle name, for an endpoint that serves HTTP/3. */
	private final Map<String, QuicSslContext> quicContexts = new ConcurrentHashMap<>();

	private final Map<String, String> exact = new LinkedHashMap<>();

	private final List<Map.Entry<String, String>> suffixes = new ArrayList<>();

	/** The key managers by bundle name, for an endpoint that serves HTTP/3. */
	private final Map<String, X509ExtendedKeyManager> keyManagers = new ConcurrentHashMap<>();

	private final @Nullable String fallback;

	private final BundleSource bundles;

	EndpointSsl(EndpointOptions endpoint, BundleSource bundles) {
		this.endpoint = endpoint;
		this.bundles = bundles;
		String star = null;
		for (Map.Entry<String, String> sni : endpoint.sniBundles().entrySet()) {
			String host = sni.getKey().toLowerCase(Locale.ROOT);
			if (host.equals("*")) {
				star = sni.getValue();
			}
			else if (host.startsWith("*.")) {
				this.suffixes.add(Map.entry(host.substring(1), sni.getValue()));
			}
			else {
				this.exact.put(host, sni.getValue());
			}
		}
		this.suffixes.sort(Comparator.comparingInt((Map.Entry<String, String> entry) -> entry.getKey().length())
			.reversed());
		this.fallback = (star != null) ? star : endpoint.sslBundle();
		List<String> names = new ArrayList<>(endpoint.sniBundles().values());
		if (endpoint.sslBundle() != null) {
			names.add(endpoint.sslBundle());
		}
		boolean http3 = endpoint.protocols().includesHttp3();
		for (String name : names) {
			SslBundle bundle = bundles.get(name);
			this.providers.computeIfAbsent(name, (key) -> provider(bundle));
			if (http3) {
				this.quicContexts.computeIfAbsent(name, (key) -> quicContext(bundle));
				this.keyManagers.put(name, keyManager(bundle));
			}
			bundles.onUpdate(name, (updated) -> {
				logger.info("SSL bundle '" + name + "' changed; endpoint '" + endpoint.name()
						+ "' serves it from the next handshake");
				this.providers.put(name, provider(updated));
				if (http3) {
					this.quicContexts.put(name, quicContext(updated));
					this.keyManagers.put(name, keyManager(updated));
				}
			});
		}
	}

	/**
	 * Return the TLS context of the endpoint's HTTP/3 (QUIC) listener: the certificate is chosen
	 * per handshake as for TCP, by SNI, from the bundles as they are now; a client that names no
	 * server (one that connects to an IP address) gets the endpoint's own certificate.
	 * @return the context
	 */
	QuicSslContext quicContext() {
		String fallback = defaultBundleName();
		SslManagerBundle managers = this.bundles.get(fallback).getManagers();
		return QuicSslContextBuilder.forServer(new CurrentKeyManager(fallback), null)
			.applicationProtocols(Http3.supportedApplicationProtocols())
			.trustManager(managers.getTrustManagerFactory())
			.clientAuth(clientAuth())
			.sni((serverName) -> {
				String name = select(serverName);
				return (name != null) ? this.quicContexts.get(name) : null;
			})
			.build();
	}

	/**
	 * Return the provider to configure the endpoint with: its own certificate where it has one.
	 * @return the default provider; SNI picks the real one per connection
	 */
	SslProvider defaultProvider() {
		return this.providers.get(defaultBundleName());
	}

	private String defaultBundleName() {
		return (this.fallback != null) ? this.fallback : this.endpoint.sniBundles().values().iterator().next();
	}

	@Override
	public Future<SslProvider> map(@Nullable String serverName, Promise<SslProvider> promise) {
		String name = select(serverName);
		if (name == null) {
			return promise.setFailure(new SSLHandshakeException("No certificate of endpoint '" + this.endpoint.name()
					+ "' matches the server name '" + serverName + "'"));
		}
		return promise.setSuccess(this.providers.get(name));
	}

	@Nullable String select(@Nullable String serverName) {
		if (serverName != null) {
			String host = serverName.toLowerCase(Locale.ROOT);
			String match = this.exact.get(host);
			if (match != null) {
				return match;
			}
			for (Map.Entry<String, String> suffix : this.suffixes) {
				if (host.endsWith(suffix.getKey())) {
					return suffix.getValue();
				}
			}
		}
		return this.fallback;
	}

	private SslProvider provider(SslBundle bundle) {
		SslManagerBundle managers = bundle.getManagers();
		AbstractProtocolSslContextSpec<?> spec = this.endpoint.protocols().includesHttp2()
				? Http2SslContextSpec.forServer(managers.getKeyManagerFactory())
				: Http11SslContextSpec.forServer(managers.getKeyManagerFactory());
		SslOptions options = bundle.getOptions();
		spec.configure((builder) -> {
			builder.trustManager(managers.getTrustManagerFactory());
			if (options.getEnabledProtocols() != null) {
				builder.protocols(options.getEnabledProtocols());
			}
			if (options.getCiphers() != null) {
				builder.ciphers(Arrays.asList(options.getCiphers()));
			}
			builder.clientAuth(clientAuth());
		});
		return SslProvider.builder().sslContext(spec).build();
	}

	private QuicSslContext quicContext(SslBundle bundle) {
		SslManagerBundle managers = bundle.getManagers();
		return QuicSslContextBuilder.forServer(managers.getKeyManagerFactory(), null)
			.applicationProtocols(Http3.supportedApplicationProtocols())
			.trustManager(managers.getTrustManagerFactory())
			.clientAuth(clientAuth())
			.build();
	}

	private static X509ExtendedKeyManager keyManager(SslBundle bundle) {
		for (KeyManager manager : bundle.getManagers().getKeyManagerFactory().getKeyManagers()) {
			if (manager instanceof X509ExtendedKeyManager x509) {
				return x509;
			}
		}
		throw new IllegalStateException("The SSL bundle has no X.509 key manager, which HTTP/3 needs");
	}

	private ClientAuth clientAuth() {
		return Ssl.ClientAuth.map(this.endpoint.clientAuth(), ClientAuth.NONE, ClientAuth.OPTIONAL, ClientAuth.REQUIRE);
	}

	/**
	 * The key manager of a bundle as it is now: a reloaded bundle serves the next QUIC handshake.
	 */
	private final class CurrentKeyManager extends X509ExtendedKeyManager {

		private final String bundle;

		CurrentKeyManager(String bundle) {
			this.bundle = bundle;
		}

		private X509ExtendedKeyManager current() {
			return EndpointSsl.this.keyManagers.get(this.bundle);
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return current().getClientAliases(keyType, issuers);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return current().chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return current().getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return current().chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
			return current().chooseEngineServerAlias(keyType, issuers, engine);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return current().getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return current().getPrivateKey(alias);
		}

	}

	/**
	 * Where an endpoint's bundles come from: Spring Boot's SSL bundles, and for the endpoint
	 * defined by {@code server.ssl.*}, the bundle Spring Boot builds from those properties.
	 */
	interface BundleSource {

		SslBundle get(String name);

		void onUpdate(String name, Consumer<SslBundle> handler);

	}

}

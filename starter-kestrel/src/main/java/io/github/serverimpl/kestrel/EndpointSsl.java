package io.github.serverimpl.kestrel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.net.ssl.SSLHandshakeException;

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

	private final Map<String, String> exact = new LinkedHashMap<>();

	private final List<Map.Entry<String, String>> suffixes = new ArrayList<>();

	private final @Nullable String fallback;

	EndpointSsl(EndpointOptions endpoint, BundleSource bundles) {
		this.endpoint = endpoint;
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
		for (String name : names) {
			this.providers.computeIfAbsent(name, (key) -> provider(bundles.get(key)));
			bundles.onUpdate(name, (bundle) -> {
				logger.info("SSL bundle '" + name + "' changed; endpoint '" + endpoint.name()
						+ "' serves it from the next handshake");
				this.providers.put(name, provider(bundle));
			});
		}
	}

	/**
	 * Return the provider to configure the endpoint with: its own certificate where it has one.
	 * @return the default provider; SNI picks the real one per connection
	 */
	SslProvider defaultProvider() {
		String name = (this.fallback != null) ? this.fallback : this.endpoint.sniBundles().values().iterator().next();
		return this.providers.get(name);
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
			builder.clientAuth(Ssl.ClientAuth.map(this.endpoint.clientAuth(), ClientAuth.NONE, ClientAuth.OPTIONAL,
					ClientAuth.REQUIRE));
		});
		return SslProvider.builder().sslContext(spec).build();
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

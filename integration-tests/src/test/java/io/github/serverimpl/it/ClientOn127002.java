package io.github.serverimpl.it;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.client.HttpClient;

/**
 * An HTTP client whose connections come from 127.0.0.2, so that the application can tell the
 * client (127.0.0.2) from the proxy (127.0.0.1) on one machine's loopback.
 */
final class ClientOn127002 {

	static final String CLIENT_ADDRESS = "127.0.0.2";

	static final Duration TIMEOUT = Duration.ofSeconds(15);

	private ClientOn127002() {
	}

	/** A response as the client saw it. */
	record Response(int status, String body, Map<String, String> headers) {

		String header(String name) {
			return this.headers.entrySet().stream().filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map(Map.Entry::getValue).findFirst().orElse(null);
		}

	}

	static HttpClient http() {
		return HttpClient.create().bindAddress(() -> new InetSocketAddress(CLIENT_ADDRESS, 0)).responseTimeout(TIMEOUT);
	}

	static HttpClient https() {
		return http().secure((spec) -> spec.sslContext(Http11SslContextSpec.forClient()
			.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
	}

	static Response get(String url, String... headers) {
		return get(http(), url, headers);
	}

	static Response get(HttpClient client, String url, String... headers) {
		return client.headers((h) -> {
			for (int i = 0; i + 1 < headers.length; i += 2) {
				h.set(headers[i], headers[i + 1]);
			}
		}).get().uri(url).responseSingle((response, body) -> body.asString().defaultIfEmpty("").map((text) -> {
			Map<String, String> responseHeaders = new java.util.LinkedHashMap<>();
			response.responseHeaders().forEach((entry) -> responseHeaders.putIfAbsent(entry.getKey(), entry.getValue()));
			return new Response(response.status().code(), text, responseHeaders);
		})).block(TIMEOUT);
	}

}

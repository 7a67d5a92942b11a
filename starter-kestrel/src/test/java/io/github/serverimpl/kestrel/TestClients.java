package io.github.serverimpl.kestrel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.Http3SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * Real HTTP clients for tests: Reactor Netty's client for HTTP/1.1, h2, h2c and Unix sockets, and
 * a JDK TLS socket for certificate checks.
 */
final class TestClients {

	static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final LoopResources H3_LOOPS = LoopResources.create("test-h3-client", 1, true);

	private TestClients() {
	}

	/** A response as the client saw it. */
	record Response(int status, String body, String server, String protocol, @Nullable String altSvc) {
	}

	static Response get(String url) {
		return get(HttpClient.create(), url);
	}

	static Response get(HttpClient client, String url) {
		return client.responseTimeout(TIMEOUT).get().uri(url)
			.responseSingle((response, body) -> body.asString().defaultIfEmpty("").map((text) -> new Response(
					response.status().code(), text, String.valueOf(response.responseHeaders().get("Server")),
					response.version().text(), response.responseHeaders().get("Alt-Svc"))))
			.block(TIMEOUT);
	}

	static HttpClient h2c() {
		return HttpClient.create().protocol(HttpProtocol.H2C);
	}

	static HttpClient h2() {
		return HttpClient.create().protocol(HttpProtocol.H2).secure((spec) -> spec.sslContext(
				Http2SslContextSpec.forClient().configure((builder) -> builder.trustManager(
						InsecureTrustManagerFactory.INSTANCE))));
	}

	/** Reactor Netty's HTTP/3 client, trusting any certificate. */
	static HttpClient h3() {
		return h3(HttpClient.create());
	}

	/**
	 * An HTTP/3 client from {@code base}, trusting any certificate. It runs on NIO: Reactor Netty
	 * would take io_uring, over whose datagram channel Netty's QUIC codec got no answer (Netty
	 * 4.2.18), which is why Kestrel serves HTTP/3 on epoll too.
	 */
	static HttpClient h3(HttpClient base) {
		return base.runOn(H3_LOOPS, false)
			.protocol(HttpProtocol.HTTP3)
			.secure((spec) -> spec.sslContext(Http3SslContextSpec.forClient()
				.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))))
			.http3Settings((settings) -> settings.idleTimeout(TIMEOUT)
				.maxData(10_000_000)
				.maxStreamDataBidirectionalLocal(1_000_000)
				.maxStreamDataBidirectionalRemote(1_000_000)
				.maxStreamsBidirectional(100));
	}

	static HttpClient https() {
		return HttpClient.create().secure((spec) -> spec.sslContext(Http11SslContextSpec.forClient()
			.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
	}

	static HttpClient unix(SocketAddress address) {
		return HttpClient.create().remoteAddress(() -> address);
	}

	/**
	 * Complete a TLS handshake and return the subject of the certificate the server presented.
	 */
	static String certificateSubject(int port, String serverName) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
		try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
			if (serverName != null) {
				SSLParameters parameters = socket.getSSLParameters();
				parameters.setServerNames(List.of(new SNIHostName(serverName)));
				socket.setSSLParameters(parameters);
			}
			socket.startHandshake();
			return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
		}
	}

}

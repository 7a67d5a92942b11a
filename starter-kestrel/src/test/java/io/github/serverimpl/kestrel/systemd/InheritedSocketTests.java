package io.github.serverimpl.kestrel.systemd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.KestrelWebServer;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServerException;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Kestrel serving sockets as systemd's socket activation hands them over: made by someone else,
 * already bound and listening, and blocking. The sockets here are made in this JVM with Netty's
 * native socket calls and passed to the factory by descriptor, as the auto-configuration passes
 * the ones it reads from {@code LISTEN_FDS}.
 */
class InheritedSocketTests {

	private static final HttpHandler HELLO = (request, response) -> response.writeWith(Mono
		.just(DefaultDataBufferFactory.sharedInstance.wrap(("Hello " + request.getURI().getPath()).getBytes())));

	@TempDir
	Path temp;

	private KestrelWebServer server;

	@BeforeAll
	static void loadNativeSockets() {
		Epoll.ensureAvailability();
	}

	@AfterEach
	void stop() {
		if (this.server != null) {
			this.server.destroy();
		}
	}

	private static Socket listeningTcpSocket() throws IOException {
		Socket socket = Socket.newSocketStream();
		socket.bind(new InetSocketAddress("127.0.0.1", 0));
		socket.listen(128);
		return socket;
	}

	private KestrelWebServer start(List<InheritedSocket> sockets, EndpointOptions... endpoints) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory(0);
		factory.setEndpoints(List.of(endpoints));
		factory.setInheritedSockets(sockets);
		KestrelWebServer server = factory.getWebServer(HELLO);
		this.server = server;
		server.start();
		return server;
	}

	private static HttpResponse<String> get(String url) throws Exception {
		HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void servesABlockingTcpSocketAsSystemdPassesItOnManyConnections() throws Exception {
		Socket socket = listeningTcpSocket();
		int port = socket.localAddress().getPort();
		SocketDescriptorAccess.makeBlocking(socket.intValue());
		KestrelWebServer server = start(List.of(new InheritedSocket(socket.intValue(), "web")),
				EndpointOptions.of("web", "http://systemd:web"));
		assertThat(server.getServerFeatures().getAddresses().getAddresses())
			.containsExactly("http://127.0.0.1:" + port);
		assertThat(server.getPort()).isEqualTo(port);
		assertThat(SocketDescriptorAccess.isNonBlocking(socket.intValue())).isTrue();
		// A blocking listener would stall the event loop in accept() after the first connection.
		for (int i = 0; i < 3; i++) {
			assertThat(get("http://127.0.0.1:" + port + "/" + i).body()).isEqualTo("Hello /" + i);
		}
	}

	@Test
	void servesAnInheritedUnixSocket() throws Exception {
		String path = this.temp.resolve("activated.sock").toString();
		Socket socket = Socket.newSocketDomain();
		socket.bind(new DomainSocketAddress(path));
		socket.listen(128);
		KestrelWebServer server = start(List.of(new InheritedSocket(socket.intValue(), null)),
				EndpointOptions.of("uds", "http://systemd:"));
		assertThat(server.getServerFeatures().getAddresses().getAddresses()).containsExactly("http://unix:" + path);
		String body = reactor.netty.http.client.HttpClient.create()
			.remoteAddress(() -> new DomainSocketAddress(path))
			.get()
			.uri("/uds")
			.responseContent()
			.aggregate()
			.asString()
			.block(Duration.ofSeconds(10));
		assertThat(body).isEqualTo("Hello /uds");
	}

	@Test
	void withNoEndpointConfiguredTheInheritedSocketsReplaceTheServerPort() throws Exception {
		Socket socket = listeningTcpSocket();
		int port = socket.localAddress().getPort();
		KestrelWebServer server = start(List.of(new InheritedSocket(socket.intValue(), "web")));
		assertThat(server.getServerFeatures().getAddresses().getAddresses())
			.containsExactly("http://127.0.0.1:" + port);
		assertThat(get("http://127.0.0.1:" + port + "/").body()).isEqualTo("Hello /");
	}

	@Test
	void anEndpointForASocketSystemdDidNotPassStopsStartUpNamingThePassedOnes() throws Exception {
		Socket socket = listeningTcpSocket();
		try {
			assertThatExceptionOfType(WebServerException.class)
				.isThrownBy(() -> start(List.of(new InheritedSocket(socket.intValue(), "web")),
						EndpointOptions.of("api", "http://systemd:api")))
				.withMessageContaining("Endpoint 'api' (http://systemd:api) has no socket to serve")
				.withMessageContaining("systemd socket 'web'")
				.withMessageContaining("FileDescriptorName=api");
		}
		finally {
			socket.close();
		}
	}

	@Test
	void aSystemdEndpointWithoutSocketActivationStopsStartUpSayingHowToStartIt() {
		assertThatExceptionOfType(WebServerException.class)
			.isThrownBy(() -> start(List.of(), EndpointOptions.of("web", "http://systemd:")))
			.withMessageContaining("systemd passed no socket to this process")
			.withMessageContaining(".socket unit");
	}

	@Test
	void aUdpSocketForAnEndpointWithoutHttp3StopsStartUpSayingWhatToChange() throws Exception {
		Socket socket = Socket.newSocketDgram();
		socket.bind(new InetSocketAddress("127.0.0.1", 0));
		try {
			assertThatExceptionOfType(WebServerException.class)
				.isThrownBy(() -> start(List.of(new InheritedSocket(socket.intValue(), "quic")),
						EndpointOptions.of("web", "http://systemd:quic")))
				.withMessageContaining("a UDP socket, but does not serve HTTP/3")
				.withMessageContaining("http1-and-http2-and-http3");
		}
		finally {
			socket.close();
		}
	}

	@Test
	void aSocketThatDoesNotListenIsRefusedNamingTheUnitSettings() throws Exception {
		Socket socket = Socket.newSocketStream();
		socket.bind(new InetSocketAddress("127.0.0.1", 0));
		try {
			assertThatExceptionOfType(WebServerException.class)
				.isThrownBy(() -> start(List.of(new InheritedSocket(socket.intValue(), "web")),
						EndpointOptions.of("web", "http://systemd:web")))
				.havingRootCause()
				.withMessageContaining("neither a listening stream socket nor a UDP socket")
				.withMessageContaining("ListenStream=");
		}
		finally {
			socket.close();
		}
	}

}

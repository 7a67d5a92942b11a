package io.github.serverimpl.kestrel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.uring.IoUring;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.Ssl.ClientAuth;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code server.kestrel.transport}: the event loops run on io_uring, epoll or NIO, each serving TCP
 * and Unix socket endpoints, and HTTP/1.1 pipelining answers every request on each of them.
 */
class KestrelTransportTests {

	private static final int BIG = 1024 * 1024;

	@TempDir
	Path temp;

	private final Set<String> threads = ConcurrentHashMap.newKeySet();

	private @Nullable KestrelWebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	@ParameterizedTest
	@EnumSource(value = KestrelTransport.class, names = { "IO_URING", "EPOLL", "NIO" })
	void eachTransportServesTcpAndUnixSocketEndpointsOnItsOwnEventLoops(KestrelTransport transport) {
		assumeTrue(available(transport), transport + " is not available here");
		String socket = this.temp.resolve("app.sock").toString();
		KestrelWebServer server = start(transport, EndpointOptions.of("tcp", "http://127.0.0.1:0"),
				EndpointOptions.of("uds", "http://unix:" + socket));
		assertThat(TestClients.get("http://127.0.0.1:" + server.getPort() + "/tcp").body()).isEqualTo("ok /tcp");
		assertThat(TestClients.get(TestClients.unix(new DomainSocketAddress(socket)), "/uds").body())
			.isEqualTo("ok /uds");
		assertThat(this.threads).isNotEmpty().allMatch((name) -> name.startsWith("kestrel-" + transport + "-"));
	}

	@Test
	void autoTakesIoUringWhereTheKernelAllowsIt() {
		assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
		KestrelWebServer server = start(KestrelTransport.AUTO, EndpointOptions.of("tcp", "http://127.0.0.1:0"));
		assertThat(TestClients.get("http://127.0.0.1:" + server.getPort() + "/").status()).isEqualTo(200);
		assertThat(this.threads).allMatch((name) -> name.startsWith("kestrel-io_uring-"));
	}

	@Test
	void autoTakesEpollForAnEndpointThatServesHttp3() {
		assumeTrue(Epoll.isAvailable(), "epoll is not available here");
		assertThat(TransportLoops.resolve(KestrelTransport.AUTO, "endpoint 'h3' serves HTTP/3"))
			.isEqualTo(KestrelTransport.EPOLL);
		assertThat(TransportLoops.resolve(KestrelTransport.AUTO, null))
			.isEqualTo(IoUring.isAvailable() ? KestrelTransport.IO_URING : KestrelTransport.EPOLL);
	}

	@Test
	void ioUringWithAnHttp3EndpointStopsStartUpSayingWhatToUseInstead() {
		assumeTrue(IoUring.isAvailable(), "io_uring is not available here");
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setSslBundles(TestBundles.registry());
		factory.setTransport(KestrelTransport.IO_URING);
		factory.setEndpoints(List.of(new EndpointOptions("quic", EndpointUrl.parse("https://127.0.0.1:0"),
				HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3, "localhost", ClientAuth.NONE, Map.of(), false, null, false,
				true)));
		assertThatExceptionOfType(InvalidConfigurationPropertyValueException.class)
			.isThrownBy(() -> factory.getWebServer(handler()))
			.satisfies((ex) -> assertThat(ex.getName()).isEqualTo("server.kestrel.transport"))
			.satisfies((ex) -> assertThat(ex.getValue()).isEqualTo("io-uring"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(
					"endpoint 'quic' serves HTTP/3, which Kestrel serves on epoll only; use 'auto' or 'epoll'"));
	}

	/**
	 * A large response is still being written when the requests after it arrive, the last of them
	 * asking to close the connection: on every transport each one is answered, in order.
	 */
	@ParameterizedTest
	@EnumSource(value = KestrelTransport.class, names = { "IO_URING", "EPOLL", "NIO" })
	void pipelinedRequestsAreAnsweredInOrderWhenTheLastOneClosesTheConnection(KestrelTransport transport)
			throws IOException {
		assumeTrue(available(transport), transport + " is not available here");
		KestrelWebServer server = start(transport, EndpointOptions.of("tcp", "http://127.0.0.1:0"));
		try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
			socket.setSoTimeout(10_000);
			socket.getOutputStream()
				.write(("GET /big HTTP/1.1\r\nHost: localhost\r\n\r\n" + "GET /a HTTP/1.1\r\nHost: localhost\r\n\r\n"
						+ "POST /c HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\nConnection: close\r\n\r\nxyz")
					.getBytes(StandardCharsets.US_ASCII));
			String responses = readToEnd(socket.getInputStream());
			assertThat(responses.split("HTTP/1.1 200 OK", -1)).hasSize(4);
			assertThat(responses).contains("x".repeat(BIG) + "HTTP/1.1 200 OK").contains("ok /a").endsWith("read 3");
		}
	}

	private KestrelWebServer start(KestrelTransport transport, EndpointOptions... endpoints) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setTransport(transport);
		factory.setEndpoints(List.of(endpoints));
		this.webServer = factory.getWebServer(handler());
		this.webServer.start();
		return this.webServer;
	}

	private HttpHandler handler() {
		return (request, response) -> {
			this.threads.add(Thread.currentThread().getName());
			String path = request.getURI().getPath();
			if (request.getMethod() == HttpMethod.POST) {
				return DataBufferUtils.join(request.getBody()).flatMap((body) -> {
					int read = body.readableByteCount();
					DataBufferUtils.release(body);
					return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes("read " + read))));
				});
			}
			byte[] body = path.equals("/big") ? "x".repeat(BIG).getBytes(StandardCharsets.US_ASCII)
					: bytes("ok " + path);
			response.getHeaders().setContentLength(body.length);
			return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
		};
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static boolean available(KestrelTransport transport) {
		return switch (transport) {
			case IO_URING -> IoUring.isAvailable();
			case EPOLL -> Epoll.isAvailable();
			default -> true;
		};
	}

	private static String readToEnd(InputStream in) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		in.transferTo(out);
		return out.toString(StandardCharsets.US_ASCII);
	}

}

package io.github.serverimpl.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the demo application's endpoints, over real HTTP against Kestrel.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "server.kestrel.endpoints.http.url=http://127.0.0.1:0")
class DemoApplicationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@LocalServerPort
	private int port;

	private String baseUrl;

	private WebTestClient client;

	@BeforeEach
	void createClient() {
		this.baseUrl = "http://127.0.0.1:" + this.port;
		this.client = WebTestClient.bindToServer().baseUrl(this.baseUrl).responseTimeout(TIMEOUT).build();
	}

	@Test
	void greetingNamesKestrel() {
		EntityExchangeResult<String> result = this.client.get().uri("/").exchange().expectBody(String.class)
			.returnResult();
		assertThat(result.getStatus().value()).isEqualTo(200);
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.TEXT_PLAIN);
		assertThat(result.getResponseBody()).isEqualTo("Hello from Kestrel");
	}

	@Test
	void greetingAnswersPostToo() {
		String body = this.client.post().uri("/").bodyValue("probe").exchange().expectBody(String.class)
			.returnResult().getResponseBody();
		assertThat(body).isEqualTo("Hello from Kestrel");
	}

	@Test
	void responsesCarryTheKestrelServerHeader() {
		HttpHeaders headers = this.client.get().uri("/").exchange().expectBody(String.class).returnResult()
			.getResponseHeaders();
		assertThat(headers.getFirst(HttpHeaders.SERVER)).isEqualTo("Kestrel");
	}

	@Test
	void whoamiReportsTheRequestAsTheApplicationSeesIt() {
		Map<String, Object> whoami = this.client.get().uri("/whoami").exchange()
			.expectBody(new ParameterizedTypeReference<Map<String, Object>>() {
			})
			.returnResult().getResponseBody();
		assertThat(whoami).containsEntry("remoteAddress", "127.0.0.1")
			.containsEntry("scheme", "http")
			.containsEntry("host", "127.0.0.1:" + this.port)
			.containsEntry("contextPath", "")
			.containsEntry("protocol", "HTTP/1.1");
		assertThat(whoami.get("connectionId")).asString().isNotEmpty();
	}

	@Test
	void serverAddressesListTheBoundEndpoint() {
		List<String> addresses = this.client.get().uri("/server/addresses").exchange()
			.expectBody(new ParameterizedTypeReference<List<String>>() {
			})
			.returnResult().getResponseBody();
		assertThat(addresses).containsExactly(this.baseUrl);
	}

	@Test
	void echoReturnsThePostedBodyWithItsContentType() {
		EntityExchangeResult<String> result = this.client.post().uri("/echo").contentType(MediaType.TEXT_PLAIN)
			.bodyValue("Hello, echo!").exchange().expectBody(String.class).returnResult();
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.TEXT_PLAIN);
		assertThat(result.getResponseBody()).isEqualTo("Hello, echo!");
	}

	@Test
	void echoStreamsALargeBinaryBodyBack() {
		byte[] body = new byte[200_000];
		for (int i = 0; i < body.length; i++) {
			body[i] = (byte) i;
		}
		EntityExchangeResult<byte[]> result = this.client.post().uri("/echo")
			.contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(body).exchange().expectBody(byte[].class)
			.returnResult();
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_OCTET_STREAM);
		assertThat(result.getResponseBody()).isEqualTo(body);
	}

	@Test
	void sseSendsTenEvents() {
		List<ServerSentEvent<String>> events = this.client.get().uri("/sse").accept(MediaType.TEXT_EVENT_STREAM)
			.exchange().expectStatus().isOk()
			.returnResult(new ParameterizedTypeReference<ServerSentEvent<String>>() {
			})
			.getResponseBody().collectList().block(TIMEOUT);
		assertThat(events).hasSize(10);
		assertThat(events.get(0).data()).isEqualTo("tick 1");
		assertThat(events.get(0).id()).isEqualTo("1");
		assertThat(events.get(9).data()).isEqualTo("tick 10");
		assertThat(events.get(9).id()).isEqualTo("10");
	}

	@Test
	void redirectAnswers302WithAnAbsoluteLocation() {
		EntityExchangeResult<Void> result = this.client.get().uri("/redirect").exchange().expectBody(Void.class)
			.returnResult();
		assertThat(result.getStatus().value()).isEqualTo(302);
		URI location = result.getResponseHeaders().getLocation();
		assertThat(location).isNotNull();
		assertThat(location.isAbsolute()).isTrue();
		assertThat(location.toString()).isEqualTo(this.baseUrl + "/whoami");
	}

	@Test
	void plaintextAnswersHelloWorld() {
		EntityExchangeResult<String> result = this.client.get().uri("/plaintext").exchange()
			.expectBody(String.class).returnResult();
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.TEXT_PLAIN);
		assertThat(result.getResponseHeaders().getContentLength()).isEqualTo(13);
		assertThat(result.getResponseBody()).isEqualTo("Hello, World!");
	}

	@Test
	void jsonAnswersHelloWorldMessage() {
		EntityExchangeResult<String> result = this.client.get().uri("/json").exchange().expectBody(String.class)
			.returnResult();
		assertThat(result.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_JSON);
		assertThat(result.getResponseBody()).isEqualTo("{\"message\":\"Hello, World!\"}");
	}

	@Test
	void webSocketEchoesTextMessages() {
		AtomicReference<String> reply = new AtomicReference<>();
		URI uri = URI.create("ws://127.0.0.1:" + this.port + "/ws/echo");
		new ReactorNettyWebSocketClient().execute(uri, (session) -> {
			Mono<Void> send = session.send(Mono.just(session.textMessage("ping")));
			Mono<Void> receive = session.receive()
				.take(1)
				.map(WebSocketMessage::getPayloadAsText)
				.doOnNext(reply::set)
				.then();
			return send.and(receive);
		}).block(TIMEOUT);
		assertThat(reply).hasValue("ping");
	}

	@Test
	void aWebSocketFrameSentWithTheHandshakeIsEchoedAndNoBufferLeaks() throws Exception {
		// RFC 6455 section 5.7: a masked text frame, "Hello", in the same packet as the handshake.
		byte[] frame = { (byte) 0x81, (byte) 0x85, 0x37, (byte) 0xfa, 0x21, 0x3d, 0x7f, (byte) 0x9f, 0x4d, 0x51, 0x58 };
		String handshake = "GET /ws/echo HTTP/1.1\r\nHost: localhost\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
				+ "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
		// Many times, so that a buffer left behind by each would be found by the leak check after this class.
		for (int i = 0; i < 50; i++) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				socket.setSoTimeout((int) TIMEOUT.toMillis());
				ByteArrayOutputStream packet = new ByteArrayOutputStream();
				packet.write(handshake.getBytes(StandardCharsets.ISO_8859_1));
				packet.write(frame);
				socket.getOutputStream().write(packet.toByteArray());
				String received = readUntil(socket.getInputStream(), "Hello");
				assertThat(received).startsWith("HTTP/1.1 101 ").endsWith("\u0081\u0005Hello");
			}
		}
	}

	private static String readUntil(InputStream in, String end) throws IOException {
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		while (!received.toString(StandardCharsets.ISO_8859_1).endsWith(end)) {
			int read = in.read();
			if (read == -1) {
				break;
			}
			received.write(read);
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	@Test
	void displayNameWritesServerNamesAsPeopleDo() {
		assertThat(DemoHandler.displayName("kestrel")).isEqualTo("Kestrel");
		assertThat(DemoHandler.displayName("httpsys")).isEqualTo("HTTP.sys");
		assertThat(DemoHandler.displayName("HttpSys")).isEqualTo("HTTP.sys");
		assertThat(DemoHandler.displayName("custom")).isEqualTo("custom");
	}

}

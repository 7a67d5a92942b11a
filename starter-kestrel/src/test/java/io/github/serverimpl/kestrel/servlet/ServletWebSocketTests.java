package io.github.serverimpl.kestrel.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import io.github.serverimpl.features.ServerAddressesFeature;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.limits.RejectionReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * WebSocket on the servlet stack, through real sockets: Spring's {@code @EnableWebSocket}
 * handlers and STOMP over WebSocket run in Jetty's WebSocket container, on connections that
 * Kestrel parsed, upgraded and still counts.
 */
class ServletWebSocketTests {

	private static ConfigurableApplicationContext context;

	private static int port;

	private static int securePort;

	private static final HttpClient client = HttpClient.newHttpClient();

	@BeforeAll
	static void start() {
		SpringApplication application = new SpringApplication(WebSocketApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		context = application.run("--server.kestrel.endpoints.http.url=http://127.0.0.1:0",
				"--server.kestrel.endpoints.https.url=https://127.0.0.1:0",
				"--server.kestrel.endpoints.https.ssl.bundle=web",
				"--spring.ssl.bundle.pem.web.keystore.certificate=classpath:ssl/localhost.crt",
				"--spring.ssl.bundle.pem.web.keystore.private-key=classpath:ssl/localhost.key",
				"--server.kestrel.limits.max-concurrent-upgraded-connections=1");
		for (String address : context.getBean(ServerAddressesFeature.class).getAddresses()) {
			int addressPort = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
			if (address.startsWith("https:")) {
				securePort = addressPort;
			}
			else {
				port = addressPort;
			}
		}
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void aWebSocketHandlerTalksOverTheUpgradedConnection() throws Exception {
		Messages messages = new Messages();
		echoAndClose(messages.open("/ws/echo"), messages);
	}

	@Test
	void aFrameSentInThePacketOfTheHandshakeReachesTheHandler() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			// RFC 6455 section 5.7: a masked text frame, "Hello", right behind the handshake.
			String frame = "\u0081\u0085\u0037\u00fa\u0021\u003d\u007f\u009f\u004d\u0051\u0058";
			socket.getOutputStream().write(("GET /ws/echo HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
					+ "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
					+ "Sec-WebSocket-Version: 13\r\n\r\n" + frame).getBytes(StandardCharsets.ISO_8859_1));
			String received = readFor(socket, Duration.ofSeconds(2));
			assertThat(received).startsWith("HTTP/1.1 101 ")
				.contains("\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n")
				.doesNotContainIgnoringCase("transfer-encoding")
				.endsWith("\r\n\r\n\u0081\u000becho: Hello");
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> statistics().upgradedConnections() == 0);
	}

	/**
	 * Over TLS the upgraded connection's bytes still pass Netty's TLS handler, both ways: the
	 * tunnel reads and writes above it.
	 */
	@Test
	void aWebSocketHandlerTalksOverTls() throws Exception {
		SSLContext tls = SslBundle.of(new PemSslStoreBundle(null,
				PemSslStoreDetails.forCertificate("classpath:ssl/localhost.crt"))).createSslContext();
		HttpClient secureClient = HttpClient.newBuilder().sslContext(tls).build();
		Messages messages = new Messages();
		echoAndClose(secureClient.newWebSocketBuilder()
			.buildAsync(URI.create("wss://localhost:" + securePort + "/ws/echo"), messages)
			.get(10, TimeUnit.SECONDS), messages);
	}

	@Test
	void anUpgradeOverTheLimitGets503AndTheSlotIsFreeOnceTheFirstCloses() throws Exception {
		long rejectedBefore = statistics().rejections(RejectionReason.MAX_CONCURRENT_UPGRADED_CONNECTIONS);
		WebSocket first = new Messages().open("/ws/echo");
		await().atMost(Duration.ofSeconds(5)).until(() -> statistics().upgradedConnections() == 1);
		assertThatThrownBy(() -> new Messages().open("/ws/echo")).isInstanceOf(ExecutionException.class)
			.cause()
			.isInstanceOfSatisfying(WebSocketHandshakeException.class,
					(ex) -> assertThat(ex.getResponse().statusCode()).isEqualTo(503));
		assertThat(statistics().rejections(RejectionReason.MAX_CONCURRENT_UPGRADED_CONNECTIONS))
			.isEqualTo(rejectedBefore + 1);
		first.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(() -> statistics().upgradedConnections() == 0);
		Messages messages = new Messages();
		WebSocket second = messages.open("/ws/echo");
		send(second, "again");
		assertThat(messages.next()).isEqualTo("echo: again");
		second.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(() -> statistics().upgradedConnections() == 0);
	}

	@Test
	void stompOverWebSocketReachesAMessageMappingAndItsSubscribers() throws Exception {
		Messages messages = new Messages();
		WebSocket socket = messages.open("/stomp");
		try {
			send(socket, "CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
			assertThat(messages.next()).startsWith("CONNECTED\n").contains("version:1.2");
			send(socket, "SUBSCRIBE\nid:sub-0\ndestination:/topic/greetings\n\n\0");
			send(socket, "SEND\ndestination:/app/hello\ncontent-type:text/plain\n\nKestrel\0");
			assertThat(messages.next()).startsWith("MESSAGE\n")
				.contains("destination:/topic/greetings")
				.contains("subscription:sub-0")
				.endsWith("\n\nHello, Kestrel!\0");
		}
		finally {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> statistics().upgradedConnections() == 0);
	}

	/**
	 * Have a short message and a long one echoed, then close: the long one takes many reads of
	 * the socket (and TLS records), and many fills of Jetty's buffer, under Jetty's 64 KB limit for
	 * a text message.
	 */
	private static void echoAndClose(WebSocket socket, Messages messages) throws Exception {
		try {
			send(socket, "hello");
			assertThat(messages.next()).isEqualTo("echo: hello");
			String large = "x".repeat(60_000);
			send(socket, large);
			assertThat(messages.next()).isEqualTo("echo: " + large);
		}
		finally {
			socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> statistics().upgradedConnections() == 0);
	}

	/** Send a whole text message and wait until the client has sent it. */
	private static void send(WebSocket socket, String text) throws Exception {
		socket.sendText(text, true).get(10, TimeUnit.SECONDS);
	}

	private static KestrelStatistics statistics() {
		return context.getBean(KestrelStatistics.class);
	}

	private static String readFor(Socket socket, Duration duration) throws IOException {
		socket.setSoTimeout((int) duration.toMillis());
		ByteArrayOutputStream received = new ByteArrayOutputStream();
		InputStream in = socket.getInputStream();
		byte[] buffer = new byte[8192];
		try {
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				received.write(buffer, 0, read);
			}
		}
		catch (SocketTimeoutException ex) {
			// All that came in the time.
		}
		return received.toString(StandardCharsets.ISO_8859_1);
	}

	/** The text messages of one client WebSocket, whole, in the order they came. */
	private static final class Messages implements WebSocket.Listener {

		private final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();

		private final StringBuilder message = new StringBuilder();

		WebSocket open(String path) throws Exception {
			return client.newWebSocketBuilder()
				.buildAsync(URI.create("ws://127.0.0.1:" + port + path), this)
				.get(10, TimeUnit.SECONDS);
		}

		String next() throws InterruptedException {
			String next = this.received.poll(10, TimeUnit.SECONDS);
			assertThat(next).as("a message within 10 s").isNotNull();
			return next;
		}

		@Override
		public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
			this.message.append(data);
			if (last) {
				this.received.add(this.message.toString());
				this.message.setLength(0);
			}
			webSocket.request(1);
			return null;
		}

	}

	@SpringBootApplication
	@EnableWebSocket
	@Import({ StompConfiguration.class, GreetingController.class })
	static class WebSocketApplication implements WebSocketConfigurer {

		@Override
		public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
			registry.addHandler(new TextWebSocketHandler() {

				@Override
				protected void handleTextMessage(WebSocketSession session, TextMessage message) throws IOException {
					session.sendMessage(new TextMessage("echo: " + message.getPayload()));
				}

			}, "/ws/echo");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocketMessageBroker
	static class StompConfiguration implements WebSocketMessageBrokerConfigurer {

		@Override
		public void registerStompEndpoints(StompEndpointRegistry registry) {
			registry.addEndpoint("/stomp");
		}

		@Override
		public void configureMessageBroker(MessageBrokerRegistry registry) {
			registry.enableSimpleBroker("/topic");
			registry.setApplicationDestinationPrefixes("/app");
		}

	}

	@Controller
	static class GreetingController {

		@MessageMapping("/hello")
		@SendTo("/topic/greetings")
		String greet(String name) {
			return "Hello, " + name + "!";
		}

	}

}

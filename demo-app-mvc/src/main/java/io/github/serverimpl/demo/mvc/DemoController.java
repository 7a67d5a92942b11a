package io.github.serverimpl.demo.mvc;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import io.github.serverimpl.autoconfigure.BuiltInServer;
import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.features.ServerAddressesFeature;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.env.Environment;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The demo contract's HTTP endpoints, as Spring MVC controllers: what the application sees of the
 * server it runs on and of the request, and the streaming kinds of response a server must get
 * right.
 */
@RestController
class DemoController {

	private static final Duration TICK_INTERVAL = Duration.ofMillis(100);

	private static final int TICKS = 10;

	private final byte[] greeting;

	private final byte[] plaintext = "Hello, World!".getBytes(StandardCharsets.UTF_8);

	private final byte[] json = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.UTF_8);

	private final ServerAddressesFeature serverAddresses;

	private final DemoScheduler scheduler;

	DemoController(Environment environment, ServerAddressesFeature serverAddresses, DemoScheduler scheduler) {
		this.greeting = ("Hello from " + displayName(environment.getProperty("server.impl", BuiltInServer.DEFAULT)))
			.getBytes(StandardCharsets.UTF_8);
		this.serverAddresses = serverAddresses;
		this.scheduler = scheduler;
	}

	/**
	 * Return the name of a server implementation as people write it.
	 * @param serverImpl the value of {@code server.impl}
	 * @return {@code Kestrel} for {@code kestrel} (or nothing), any other name as it is
	 */
	static String displayName(String serverImpl) {
		String name = serverImpl.trim();
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "", "kestrel" -> "Kestrel";
			case "httpsys" -> "HTTP.sys";
			default -> name;
		};
	}

	/** {@code GET /} and {@code POST /}: a greeting that names the server. */
	@RequestMapping(path = "/", method = { RequestMethod.GET, RequestMethod.POST })
	ResponseEntity<byte[]> greeting() {
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(this.greeting);
	}

	/** {@code GET /plaintext}: {@code Hello, World!} as {@code text/plain}. */
	@GetMapping("/plaintext")
	ResponseEntity<byte[]> plaintext() {
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(this.plaintext);
	}

	/** {@code GET /json}: {@code {"message":"Hello, World!"}} as {@code application/json}. */
	@GetMapping("/json")
	ResponseEntity<byte[]> json() {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.json);
	}

	/** {@code GET /whoami}: the request as the application sees it. */
	@GetMapping("/whoami")
	WhoAmI whoami(HttpServletRequest request) {
		RequestFeatures features = RequestFeatures.of(request);
		HttpProtocolFeature protocol = features.get(HttpProtocolFeature.class);
		HttpConnectionFeature connection = features.get(HttpConnectionFeature.class);
		URI url = URI.create(request.getRequestURL().toString());
		String host = (url.getPort() != -1) ? url.getHost() + ":" + url.getPort() : url.getHost();
		return new WhoAmI(request.getRemoteAddr(), request.getScheme(), host, request.getContextPath(),
				(protocol != null) ? protocol.protocol() : null,
				(connection != null) ? connection.connectionId() : null);
	}

	/** {@code GET /server/addresses}: the addresses the server bound, as a JSON array. */
	@GetMapping("/server/addresses")
	List<String> addresses() {
		return this.serverAddresses.getAddresses();
	}

	/**
	 * {@code POST /echo}: the request body, streamed back as it arrives, with the request's
	 * content type ({@code application/octet-stream} when it has none).
	 */
	@PostMapping("/echo")
	void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String contentType = request.getContentType();
		response.setContentType((contentType != null) ? contentType : MediaType.APPLICATION_OCTET_STREAM_VALUE);
		request.getInputStream().transferTo(response.getOutputStream());
	}

	/** {@code GET /sse}: server-sent events {@code tick 1} to {@code tick 10}, one each 100 ms. */
	@GetMapping(path = "/sse", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter sse() {
		SseEmitter emitter = new SseEmitter();
		for (int i = 1; i <= TICKS; i++) {
			int tick = i;
			this.scheduler.schedule(() -> {
				try {
					emitter.send(SseEmitter.event().id(Integer.toString(tick)).data("tick " + tick));
					if (tick == TICKS) {
						emitter.complete();
					}
				}
				catch (IOException | IllegalStateException ex) {
					// The client went away: nothing more to send.
					emitter.completeWithError(ex);
				}
			}, TICK_INTERVAL.multipliedBy(tick));
		}
		return emitter;
	}

	/**
	 * {@code GET /redirect}: {@code 302 Found} to {@code /whoami}, with an absolute
	 * {@code Location} built from the request (scheme, host, port and context path).
	 */
	@GetMapping("/redirect")
	ResponseEntity<Void> redirect() {
		URI location = ServletUriComponentsBuilder.fromCurrentContextPath().path("/whoami").build().toUri();
		return ResponseEntity.status(302).location(location).build();
	}

}

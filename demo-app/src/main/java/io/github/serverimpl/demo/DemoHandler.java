package io.github.serverimpl.demo;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.features.ServerAddressesFeature;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The demo's HTTP endpoints: what the application sees of the server it runs on and of the
 * request, and the streaming kinds of response a server must get right.
 */
final class DemoHandler {

	private static final Duration TICK_INTERVAL = Duration.ofMillis(100);

	private static final int TICKS = 10;

	private final PreEncodedBody greeting;

	private final ServerAddressesFeature serverAddresses;

	DemoHandler(String serverImpl, ServerAddressesFeature serverAddresses) {
		this.greeting = new PreEncodedBody(MediaType.TEXT_PLAIN, "Hello from " + displayName(serverImpl));
		this.serverAddresses = serverAddresses;
	}

	/**
	 * Return the name of a server implementation as people write it.
	 * @param serverImpl the value of {@code server.impl}
	 * @return {@code Kestrel} for {@code kestrel} (or nothing), {@code HTTP.sys} for
	 * {@code httpsys}, any other name as it is
	 */
	static String displayName(String serverImpl) {
		String name = serverImpl.trim();
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "", "kestrel" -> "Kestrel";
			case "httpsys" -> "HTTP.sys";
			default -> name;
		};
	}

	/**
	 * {@code GET /} and {@code POST /}: a greeting that names the server.
	 * @param request the request
	 * @return the response
	 */
	Mono<ServerResponse> greeting(ServerRequest request) {
		return this.greeting.ok();
	}

	/**
	 * {@code GET /whoami}: the request as the application sees it.
	 * @param request the request
	 * @return the response
	 * @see WhoAmI
	 */
	Mono<ServerResponse> whoami(ServerRequest request) {
		URI uri = request.uri();
		RequestFeatures features = RequestFeatures.of(request.exchange());
		HttpProtocolFeature protocol = features.get(HttpProtocolFeature.class);
		HttpConnectionFeature connection = features.get(HttpConnectionFeature.class);
		WhoAmI whoAmI = new WhoAmI(remoteAddress(request), uri.getScheme(), hostAndPort(uri),
				request.requestPath().contextPath().value(), (protocol != null) ? protocol.protocol() : null,
				(connection != null) ? connection.connectionId() : null);
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(whoAmI);
	}

	/**
	 * {@code GET /server/addresses}: the addresses the server bound, as a JSON array.
	 * @param request the request
	 * @return the response
	 */
	Mono<ServerResponse> addresses(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(this.serverAddresses.getAddresses());
	}

	/**
	 * {@code POST /echo}: the request body, streamed back as it arrives, with the request's
	 * content type ({@code application/octet-stream} when it has none).
	 * @param request the request
	 * @return the response
	 */
	Mono<ServerResponse> echo(ServerRequest request) {
		MediaType contentType = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
		Flux<DataBuffer> body = request.bodyToFlux(DataBuffer.class);
		return ServerResponse.ok().contentType(contentType).body(BodyInserters.fromDataBuffers(body));
	}

	/**
	 * {@code GET /sse}: server-sent events {@code tick 1} to {@code tick 10}, one each 100 ms.
	 * @param request the request
	 * @return the response
	 */
	Mono<ServerResponse> sse(ServerRequest request) {
		return ServerResponse.ok()
			.contentType(MediaType.TEXT_EVENT_STREAM)
			.body(BodyInserters.fromServerSentEvents(ticks()));
	}

	/**
	 * The events of {@code /sse}, each 100 ms after the previous one was asked for. Not
	 * {@code Flux.interval}: the response asks for the next event once the previous one is written
	 * and flushed, and an interval that ticks while nothing is asked for fails the stream
	 * ({@code OverflowException}), which cut responses on a busy server.
	 * @return the events
	 */
	static Flux<ServerSentEvent<String>> ticks() {
		return Flux.range(1, TICKS).delayElements(TICK_INTERVAL).map(DemoHandler::tick);
	}

	/**
	 * {@code GET /redirect}: {@code 302 Found} to {@code /whoami}, with an absolute
	 * {@code Location} built from the request (scheme, host, port and path base).
	 * @param request the request
	 * @return the response
	 */
	Mono<ServerResponse> redirect(ServerRequest request) {
		String path = request.requestPath().contextPath().value() + "/whoami";
		URI location = request.uri().resolve(path);
		return ServerResponse.status(HttpStatus.FOUND).location(location).build();
	}

	private static ServerSentEvent<String> tick(long number) {
		return ServerSentEvent.builder("tick " + number).id(Long.toString(number)).build();
	}

	private static @Nullable String remoteAddress(ServerRequest request) {
		InetSocketAddress address = request.remoteAddress().orElse(null);
		return (address != null) ? address.getHostString() : null;
	}

	private static @Nullable String hostAndPort(URI uri) {
		String host = uri.getHost();
		if (host == null) {
			return uri.getRawAuthority();
		}
		return (uri.getPort() != -1) ? host + ":" + uri.getPort() : host;
	}

}

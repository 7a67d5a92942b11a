package io.github.serverimpl.benchmarks.webflux;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.reactive.function.BodyInserter;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The demo's benchmark endpoints, written the same way as the demo's (functional routes, bodies
 * encoded once), on Spring Boot's own Reactor Netty server: the reference every ratio is taken
 * against.
 */
@SpringBootApplication
public class WebFluxPeer {

	private static final byte[] PLAINTEXT = "Hello, World!".getBytes(StandardCharsets.UTF_8);

	private static final byte[] JSON = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.UTF_8);

	/**
	 * Start the peer.
	 * @param args the command-line arguments, for example {@code --server.port=8081}
	 */
	public static void main(String[] args) {
		SpringApplication.run(WebFluxPeer.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> benchmarkRoutes() {
		return RouterFunctions.route()
			.GET("/plaintext", (request) -> ok(MediaType.TEXT_PLAIN, PLAINTEXT))
			.GET("/json", (request) -> ok(MediaType.APPLICATION_JSON, JSON))
			.POST("/echo", WebFluxPeer::echo)
			.build();
	}

	private static Mono<ServerResponse> ok(MediaType contentType, byte[] body) {
		BodyInserter<byte[], ServerHttpResponse> inserter = (response, context) -> response
			.writeWith(Mono.just(response.bufferFactory().wrap(body)));
		return ServerResponse.ok().contentType(contentType).contentLength(body.length).body(inserter);
	}

	private static Mono<ServerResponse> echo(ServerRequest request) {
		MediaType contentType = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
		return ServerResponse.ok()
			.contentType(contentType)
			.body(BodyInserters.fromDataBuffers(request.bodyToFlux(DataBuffer.class)));
	}

}

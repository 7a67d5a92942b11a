package io.github.serverimpl.benchmarks.netty;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The benchmark endpoints on Reactor Netty's {@link HttpServer} alone: no Spring, no WebFlux, the
 * same event loops and codec as the other reactive servers. Usage: {@code java -jar
 * peer-reactor-netty.jar [port]} (8080 by default); HTTP/1.1 and h2c.
 */
public final class ReactorNettyPeer {

	private static final ByteBuf PLAINTEXT = constant("Hello, World!");

	private static final ByteBuf JSON = constant("{\"message\":\"Hello, World!\"}");

	private ReactorNettyPeer() {
	}

	/**
	 * Start the peer and serve until the process ends.
	 * @param args the port, optional
	 */
	public static void main(String[] args) {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 8080;
		DisposableServer server = HttpServer.create()
			.host("127.0.0.1")
			.port(port)
			.protocol(HttpProtocol.HTTP11, HttpProtocol.H2C)
			.route((routes) -> routes
				.get("/plaintext", (request, response) -> send(response, HttpHeaderValues.TEXT_PLAIN, PLAINTEXT))
				.get("/json", (request, response) -> send(response, HttpHeaderValues.APPLICATION_JSON, JSON))
				.post("/echo", (request, response) -> {
					CharSequence contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
					response.header(HttpHeaderNames.CONTENT_TYPE,
							(contentType != null) ? contentType : HttpHeaderValues.APPLICATION_OCTET_STREAM);
					return response.send(request.receive().retain());
				}))
			.bindNow();
		System.out.println("Reactor Netty peer listening on " + server.address());
		server.onDispose().block();
	}

	private static Mono<Void> send(HttpServerResponse response, CharSequence contentType, ByteBuf body) {
		return response.header(HttpHeaderNames.CONTENT_TYPE, contentType)
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.readableBytes()))
			.send(Mono.just(body.retainedDuplicate()))
			.then();
	}

	private static ByteBuf constant(String text) {
		return Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(text.getBytes(StandardCharsets.UTF_8)))
			.asReadOnly();
	}

}

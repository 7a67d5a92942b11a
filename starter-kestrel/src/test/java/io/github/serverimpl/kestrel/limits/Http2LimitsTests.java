package io.github.serverimpl.kestrel.limits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header-count and body-size limits on HTTP/2 streams (h2c with prior knowledge), answered on
 * the stream before the application sees the request where they can be.
 */
class Http2LimitsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private WebServer webServer;

	private String url;

	@BeforeEach
	void start() {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("h2c", "http://127.0.0.1:0").withProtocols(HttpProtocols.HTTP2)));
		factory.setLimits(KestrelLimits.DEFAULTS.withMaxRequestBodySize(1000L));
		this.webServer = factory.getWebServer((request, response) -> DataBufferUtils.join(request.getBody())
			.map((body) -> {
				int size = body.readableByteCount();
				DataBufferUtils.release(body);
				return size;
			})
			.defaultIfEmpty(0)
			.flatMap((size) -> response.writeWith(Mono.just(response.bufferFactory()
				.wrap(("read " + size).getBytes(StandardCharsets.UTF_8))))));
		this.webServer.start();
		this.url = "http://127.0.0.1:" + this.webServer.getPort() + "/";
	}

	@AfterEach
	void stop() {
		this.webServer.destroy();
	}

	private static HttpClient h2c() {
		return HttpClient.create().protocol(HttpProtocol.H2C).responseTimeout(TIMEOUT);
	}

	private static String status(HttpClient client, Mono<String> body, boolean streamed) {
		HttpClient.RequestSender sender = client.post();
		HttpClient.ResponseReceiver<?> receiver = streamed
				? sender.uri("/").send(ByteBufFlux.fromString(Flux.range(0, 20).map((i) -> "x".repeat(100))))
				: sender.uri("/").send(ByteBufFlux.fromString(body));
		return receiver.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
			.map((text) -> response.status().code() + " " + text)).block(TIMEOUT);
	}

	@Test
	void moreHeaderFieldsThanTheLimitGet431() {
		String answer = h2c().baseUrl(this.url).headers((headers) -> {
			for (int i = 0; i <= KestrelLimits.DEFAULT_MAX_REQUEST_HEADER_COUNT; i++) {
				headers.add("x-h" + i, "v");
			}
		}).get().uri("/").responseSingle((response, body) -> Mono.just(response.status().code())).block(TIMEOUT)
			.toString();
		assertThat(answer).isEqualTo("431");
	}

	@Test
	void aContentLengthOverTheLimitGets413BeforeTheBodyIsRead() {
		assertThat(status(h2c().baseUrl(this.url), Mono.just("y".repeat(2000)), false)).startsWith("413");
	}

	@Test
	void aStreamedBodyThatPassesTheLimitGets413() {
		assertThat(status(h2c().baseUrl(this.url), Mono.empty(), true)).startsWith("413");
	}

	@Test
	void aBodyWithinTheLimitIsRead() {
		assertThat(status(h2c().baseUrl(this.url), Mono.just("z".repeat(500)), false)).isEqualTo("200 read 500");
	}

}

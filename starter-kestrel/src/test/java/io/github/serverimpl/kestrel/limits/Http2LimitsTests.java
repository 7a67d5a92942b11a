package io.github.serverimpl.kestrel.limits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.features.MinDataRate;
import io.github.serverimpl.features.MinRequestBodyDataRateFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.TestHandlers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBufferUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The header-count, body-size and body-rate limits on HTTP/2 streams (h2c with prior knowledge),
 * answered on the stream before the application sees the request where they can be, and the
 * per-stream body features.
 */
class Http2LimitsTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private WebServer webServer;

	private String url;

	@BeforeEach
	void start() {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("h2c", "http://127.0.0.1:0").withProtocols(HttpProtocols.HTTP2)));
		factory.setLimits(KestrelLimits.DEFAULTS.withMaxRequestBodySize(1000L)
			.withMinRequestBodyDataRate(new MinDataRate(100, Duration.ofSeconds(1))));
		this.webServer = factory.getWebServer((request, response) -> {
			RequestFeatures features = RequestFeatures.of(request);
			MinRequestBodyDataRateFeature rate = features.get(MinRequestBodyDataRateFeature.class);
			switch (request.getPath().value()) {
				case "/small" -> features.get(MaxRequestBodySizeFeature.class).setMaxRequestBodySize(10L);
				case "/unlimited" -> features.get(MaxRequestBodySizeFeature.class).setMaxRequestBodySize(null);
				case "/patient" -> rate.setMinDataRate(null);
				case "/stricter" -> {
					try {
						rate.setMinDataRate(new MinDataRate(1000, Duration.ZERO));
					}
					catch (UnsupportedOperationException ex) {
						return response.writeWith(Mono.just(response.bufferFactory()
							.wrap("unsupported".getBytes(StandardCharsets.UTF_8))));
					}
				}
				default -> {
				}
			}
			return TestHandlers.READ_AND_COUNT.handle(request, response);
		});
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
		return status(client, "/", streamed ? Flux.range(0, 20).map((i) -> "x".repeat(100)) : body);
	}

	private static String status(HttpClient client, String path, Publisher<String> body) {
		HttpClient.ResponseReceiver<?> receiver = client.post().uri(path).send(ByteBufFlux.fromString(body));
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
	void anEndpointForBothProtocolsLimitsItsH2cStreamsToo() {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("both", "http://127.0.0.1:0")
			.withProtocols(HttpProtocols.HTTP1_AND_HTTP2)));
		factory.setLimits(KestrelLimits.DEFAULTS.withMaxRequestBodySize(1000L));
		WebServer both = factory.getWebServer((request, response) -> DataBufferUtils.join(request.getBody())
			.then(response.setComplete()));
		both.start();
		try {
			String url = "http://127.0.0.1:" + both.getPort() + "/";
			assertThat(status(h2c().baseUrl(url), Mono.just("y".repeat(2000)), false)).startsWith("413");
		}
		finally {
			both.destroy();
		}
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
	void theApplicationCanLowerTheBodyLimitOfOneStream() {
		assertThat(status(h2c().baseUrl(this.url), "/small", Flux.range(0, 20).map((i) -> "s".repeat(100))))
			.startsWith("413");
	}

	@Test
	void theApplicationCanLiftTheBodyLimitOfOneStream() {
		assertThat(status(h2c().baseUrl(this.url), "/unlimited", Flux.range(0, 20).map((i) -> "u".repeat(100))))
			.isEqualTo("200 read 2000");
	}

	@Test
	void aBodySlowerThanTheMinimumRateGets408OnItsStream() {
		// One byte every 400 ms, far under 100 B/s once the 1 s grace period is over.
		Flux<String> slow = Flux.range(0, 10).delayElements(Duration.ofMillis(400)).map((i) -> ".");
		assertThat(status(h2c().baseUrl(this.url), "/", slow)).startsWith("408");
	}

	@Test
	void theApplicationCanTurnOffTheMinimumRateOfOneStreamButNotRaiseIt() {
		Flux<String> slow = Flux.range(0, 6).delayElements(Duration.ofMillis(400)).map((i) -> ".");
		assertThat(status(h2c().baseUrl(this.url), "/patient", slow)).isEqualTo("200 read 6");
		assertThat(status(h2c().baseUrl(this.url), "/stricter", Mono.just("x"))).isEqualTo("200 unsupported");
	}

	@Test
	void aBodyWithinTheLimitIsRead() {
		assertThat(status(h2c().baseUrl(this.url), Mono.just("z".repeat(500)), false)).isEqualTo("200 read 500");
	}

}

package io.github.serverimpl.kestrel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import org.junit.jupiter.api.AfterEach;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.Ssl.ClientAuth;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.HttpHandler;

/**
 * What the HTTP/3 tests share: an application that answers with the request's features (or the
 * size of the body it read, or slowly), a Kestrel server started with the test bundles and
 * counted in its statistics, destroyed after each test.
 */
abstract class AbstractHttp3Tests {

	/** Set when a {@code /slow} request reaches the application. */
	static final AtomicBoolean SLOW_ARRIVED = new AtomicBoolean();

	/** Set when the answer to {@code /slow} starts, after its delay. */
	static final AtomicBoolean SLOW_ANSWERING = new AtomicBoolean();

	/**
	 * Answers with the protocol and the client's address as the request features give them; a
	 * POST, with the size of the body it read.
	 */
	static final HttpHandler FEATURES = (request, response) -> {
		if (request.getMethod() == HttpMethod.POST) {
			return TestHandlers.READ_AND_COUNT.handle(request, response);
		}
		if (request.getPath().value().equals("/slow")) {
			SLOW_ARRIVED.set(true);
			return Mono.delay(Duration.ofMillis(1000))
				.then(Mono.fromRunnable(() -> SLOW_ANSWERING.set(true)))
				.then(response.writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap("slow".getBytes()))));
		}
		RequestFeatures features = RequestFeatures.of(request);
		String body = features.get(HttpProtocolFeature.class).protocol() + " "
				+ features.get(HttpConnectionFeature.class).remoteAddress();
		if (request.getPath().value().equals("/own-alt-svc")) {
			response.getHeaders().set("Alt-Svc", "h2=\"alt.example:443\"");
		}
		return response.writeWith(Mono.just(DefaultDataBufferFactory.sharedInstance.wrap(body.getBytes())));
	};

	final KestrelStatistics statistics = new KestrelStatistics();

	KestrelWebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	static EndpointOptions endpoint(String url, HttpProtocols protocols) {
		return new EndpointOptions("h3", EndpointUrl.parse(url), protocols, url.startsWith("https") ? "localhost" : null,
				ClientAuth.NONE, Map.of(), false, null, false, true);
	}

	KestrelWebServer start(EndpointOptions... endpoints) {
		return start(KestrelLimits.DEFAULTS, endpoints);
	}

	KestrelWebServer start(KestrelLimits limits, EndpointOptions... endpoints) {
		return start((factory) -> {
			factory.setEndpoints(List.of(endpoints));
			factory.setLimits(limits);
		});
	}

	/**
	 * Start a server answering with {@link #FEATURES}, counted in {@link #statistics}, with the test
	 * bundles, and set up further by the test.
	 */
	KestrelWebServer start(Consumer<KestrelReactiveWebServerFactory> setUp) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setStatistics(this.statistics);
		factory.setSslBundles(TestBundles.registry());
		setUp.accept(factory);
		this.webServer = factory.getWebServer(FEATURES);
		this.webServer.start();
		return this.webServer;
	}

	List<String> addresses() {
		return this.webServer.getServerFeatures().getAddresses().getAddresses();
	}

}

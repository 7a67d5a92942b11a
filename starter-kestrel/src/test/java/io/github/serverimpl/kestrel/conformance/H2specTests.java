package io.github.serverimpl.kestrel.conformance;

import java.nio.file.Path;
import java.util.List;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.testsupport.H2spec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Mono;

import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * h2spec {@code --strict} against an h2c endpoint, for an application that reads the whole body
 * before it answers and for one that answers at once without reading it (the demo's {@code GET /}).
 * Protocol rules must hold whatever the application does and whenever it answers: the only cases
 * allowed to fail are those answered inside Netty's codec ({@link H2spec#NETTY_FAILURES}), and the
 * ones that fail there on every run are required to, so that a Netty upgrade that fixes them is
 * noticed and they leave the list.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class H2specTests {

	@TempDir
	Path temp;

	private WebServer webServer;

	@AfterEach
	void stop() {
		if (this.webServer != null) {
			this.webServer.destroy();
		}
	}

	@ParameterizedTest
	@EnumSource(Application.class)
	void strictConformanceFailsOnlyTheCasesAnsweredInsideNetty(Application application) throws Exception {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setEndpoints(List.of(EndpointOptions.of("h2c", "http://127.0.0.1:0").withProtocols(HttpProtocols.HTTP2)));
		this.webServer = factory.getWebServer(application.handler);
		this.webServer.start();
		H2spec.Results results = H2spec.run(this.temp, this.webServer.getPort(), "/");
		System.out.println("h2spec --strict, " + application + ": " + results);
		assertThat(results.total()).as(results.log()).isEqualTo(H2spec.STRICT_CASES);
		assertThat(results.unexplained()).as("h2spec failures outside Netty's:%n%s", results.log()).isEmpty();
		assertThat(results.failed()).as("Netty's known failures (fixed upstream? then take them off the list)")
			.containsAll(H2spec.NETTY_FAILURES_EVERY_RUN);
	}

	enum Application {

		READS_THE_BODY_FIRST((request, response) -> request.getBody()
			.doOnNext(DataBufferUtils::release)
			.then(response.writeWith(Mono.just(response.bufferFactory().wrap("hello".getBytes()))))),

		ANSWERS_WITHOUT_READING((request, response) -> response
			.writeWith(Mono.just(response.bufferFactory().wrap("hello".getBytes()))));

		private final HttpHandler handler;

		Application(HttpHandler handler) {
			this.handler = handler;
		}

	}

}

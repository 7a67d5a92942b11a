package io.github.serverimpl.server;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.features.ServerAddressesFeature;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * A custom server, selected by {@code server.impl}, serves a WebFlux application through the
 * request and response features alone.
 */
class CustomServerTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner(
			AnnotationConfigReactiveWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(ServerImplAutoConfiguration.class))
		.withUserConfiguration(WebFluxApplication.class)
		.withPropertyValues("server.port=0");

	private final HttpClient client = HttpClient.newHttpClient();

	@Test
	void theCustomServerNamedByServerImplServesTheApplication() {
		this.runner.withPropertyValues("server.impl=jdk").run((context) -> {
			assertThat(context).hasSingleBean(ReactiveWebServerFactory.class);
			assertThat(context.getBean(ReactiveWebServerFactory.class)).isInstanceOf(CustomReactiveWebServerFactory.class);
			String base = base(context);
			assertThat(context.getBean(ServerAddressesFeature.class).getAddresses()).containsExactly(base);
			HttpResponse<String> hello = this.client.send(HttpRequest.newBuilder(URI.create(base + "/hello?name=jdk"))
				.build(), BodyHandlers.ofString());
			assertThat(hello.statusCode()).isEqualTo(200);
			assertThat(hello.body()).isEqualTo("Hello jdk over HTTP/1.1 from 127.0.0.1");
			assertThat(hello.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/plain"));
		});
	}

	@Test
	void requestBodiesStreamInAndResponseBodiesStreamOut() {
		this.runner.withPropertyValues("server.impl=jdk").run((context) -> {
			String body = "x".repeat(100_000);
			HttpResponse<String> echo = this.client.send(HttpRequest.newBuilder(URI.create(base(context) + "/echo"))
				.POST(BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
			assertThat(echo.statusCode()).isEqualTo(200);
			assertThat(echo.body()).isEqualTo(body);
		});
	}

	@Test
	void statusCodesAndEmptyResponsesPassThrough() {
		this.runner.withPropertyValues("server.impl=jdk").run((context) -> {
			HttpResponse<String> missing = this.client.send(HttpRequest.newBuilder(URI.create(base(context)
					+ "/missing")).build(), BodyHandlers.ofString());
			assertThat(missing.statusCode()).isEqualTo(404);
			HttpResponse<String> created = this.client.send(HttpRequest.newBuilder(URI.create(base(context)
					+ "/created")).POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());
			assertThat(created.statusCode()).isEqualTo(201);
			assertThat(created.headers().firstValue("Location")).hasValue("/items/1");
		});
	}

	@Test
	void selectionIsCaseInsensitive() {
		this.runner.withPropertyValues("server.impl=JDK")
			.run((context) -> assertThat(context).hasSingleBean(CustomReactiveWebServerFactory.class));
	}

	private static String base(AssertableReactiveWebApplicationContext context) {
		int port = context.getSourceApplicationContext(ReactiveWebServerApplicationContext.class)
			.getWebServer()
			.getPort();
		return "http://127.0.0.1:" + port;
	}

	@Configuration(proxyBeanMethods = false)
	static class WebFluxApplication {

		@Bean
		CustomServer jdkHttpCustomServer() {
			return new JdkHttpCustomServer();
		}

		@Bean
		HttpHandler httpHandler() {
			RouterFunction<ServerResponse> routes = RouterFunctions
				.route(GET("/hello"), (request) -> {
					RequestFeatures features = RequestFeatures.of(request.exchange());
					InetSocketAddress peer = (InetSocketAddress) features.get(HttpConnectionFeature.class)
						.remoteAddress();
					return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN)
						.bodyValue("Hello " + request.queryParam("name").orElse("?") + " over "
								+ features.get(HttpProtocolFeature.class).protocol() + " from "
								+ peer.getAddress().getHostAddress());
				})
				.andRoute(POST("/echo"), (request) -> ServerResponse.ok()
					.body(request.bodyToFlux(org.springframework.core.io.buffer.DataBuffer.class),
							org.springframework.core.io.buffer.DataBuffer.class))
				.andRoute(GET("/missing"), (request) -> ServerResponse.notFound().build())
				.andRoute(POST("/created"), (request) -> ServerResponse.created(URI.create("/items/1")).build());
			return WebHttpHandlerBuilder.webHandler(RouterFunctions.toWebHandler(routes)).build();
		}

	}

}

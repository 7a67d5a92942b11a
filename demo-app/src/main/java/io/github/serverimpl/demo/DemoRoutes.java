package io.github.serverimpl.demo;

import java.util.Map;

import io.github.serverimpl.autoconfigure.BuiltInServer;
import io.github.serverimpl.features.ServerAddressesFeature;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

/**
 * The demo's endpoints: functional routes for HTTP and a URL mapping for WebSocket.
 */
@Configuration(proxyBeanMethods = false)
class DemoRoutes {

	@Bean
	DemoHandler demoHandler(Environment environment, ServerAddressesFeature serverAddresses) {
		return new DemoHandler(environment.getProperty("server.impl", BuiltInServer.DEFAULT), serverAddresses);
	}

	@Bean
	HelloWorldHandler helloWorldHandler() {
		return new HelloWorldHandler();
	}

	@Bean
	RouterFunction<ServerResponse> demoRouterFunction(DemoHandler demo, HelloWorldHandler helloWorld) {
		// Routes are tried in order: the benchmark targets come first.
		return RouterFunctions.route()
			.GET("/plaintext", helloWorld::plaintext)
			.GET("/json", helloWorld::json)
			.GET("/", demo::greeting)
			.POST("/", demo::greeting)
			.GET("/whoami", demo::whoami)
			.GET("/server/addresses", demo::addresses)
			.POST("/echo", demo::echo)
			.GET("/sse", demo::sse)
			.GET("/redirect", demo::redirect)
			.build();
	}

	@Bean
	SimpleUrlHandlerMapping webSocketHandlerMapping() {
		// WebFlux's configuration already declares the WebSocketHandlerAdapter.
		return new SimpleUrlHandlerMapping(Map.of("/ws/echo", new EchoWebSocketHandler()), -1);
	}

}

package io.github.serverimpl.kestrel.autoconfigure;

import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.autoconfigure.ServerImplementationNotAvailableException;
import io.github.serverimpl.features.ServerAddressesFeature;
import io.github.serverimpl.features.ServerFeatures;
import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.HttpProtocols;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.KestrelServerCustomizer;
import io.github.serverimpl.kestrel.KestrelTransport;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.boot.web.server.reactive.context.AnnotationConfigReactiveWebServerApplicationContext;
import org.springframework.boot.web.server.reactive.context.ReactiveWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.HttpHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How Kestrel is chosen and wired: the default, explicit selection, back-off, coexistence with
 * Spring Boot's Reactor Netty, and the report for a selection that names nothing available.
 */
class KestrelAutoConfigurationTests {

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner(
			AnnotationConfigReactiveWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(ServerImplAutoConfiguration.class, KestrelAutoConfiguration.class,
				NettyReactiveWebServerAutoConfiguration.class, SslAutoConfiguration.class))
		.withUserConfiguration(HttpHandlerConfiguration.class)
		.withPropertyValues("server.port=0", "server.address=127.0.0.1");

	@Test
	void kestrelIsTheDefaultAndSpringBootsNettyBacksOff() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(ReactiveWebServerFactory.class)
				.hasSingleBean(KestrelReactiveWebServerFactory.class)
				.doesNotHaveBean(NettyReactiveWebServerFactory.class);
			int port = context.getSourceApplicationContext(ReactiveWebServerApplicationContext.class)
				.getWebServer()
				.getPort();
			assertThat(port).isPositive();
			assertThat(context.getBean(ServerAddressesFeature.class).getAddresses())
				.containsExactly("http://127.0.0.1:" + port);
			assertThat(context.getBean(ServerFeatures.class).getAddresses())
				.isSameAs(context.getBean(ServerAddressesFeature.class));
		});
	}

	@Test
	void kestrelIsChosenByName() {
		this.runner.withPropertyValues("server.impl=Kestrel")
			.run((context) -> assertThat(context).hasSingleBean(KestrelReactiveWebServerFactory.class));
	}

	@Test
	void backsOffWhenTheApplicationDefinesAFactory() {
		this.runner.withUserConfiguration(UserFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(ReactiveWebServerFactory.class);
			assertThat(context.getBean(ReactiveWebServerFactory.class)).isInstanceOf(NettyReactiveWebServerFactory.class);
		});
	}

	@Test
	void mapsEndpointPropertiesOntoTheFactory() {
		this.runner
			.withPropertyValues("server.kestrel.endpoints.main.url=http://127.0.0.1:0",
					"server.kestrel.endpoints.h2c.url=http://127.0.0.1:0",
					"server.kestrel.endpoints.h2c.protocols=http2", "server.kestrel.add-server-header=false")
			.run((context) -> {
				KestrelReactiveWebServerFactory factory = context.getBean(KestrelReactiveWebServerFactory.class);
				assertThat(factory.getEndpoints()).extracting(EndpointOptions::name).containsExactly("main", "h2c");
				assertThat(factory.getEndpoints().get(1).protocols()).isEqualTo(HttpProtocols.HTTP2);
				assertThat(context.getBean(ServerAddressesFeature.class).getAddresses()).hasSize(2);
			});
	}

	@Test
	void mapsTheTransportPropertyOntoTheFactory() {
		this.runner.withPropertyValues("server.kestrel.transport=nio")
			.run((context) -> assertThat(context.getBean(KestrelReactiveWebServerFactory.class).getTransport())
				.isEqualTo(KestrelTransport.NIO));
		this.runner.withPropertyValues("server.kestrel.transport=io_uring")
			.run((context) -> assertThat(context.getBean(KestrelReactiveWebServerFactory.class).getTransport())
				.isEqualTo(KestrelTransport.IO_URING));
	}

	@Test
	void appliesServerCustomizerBeansToEachEndpoint() {
		this.runner.withBean(KestrelServerCustomizer.class, () -> (endpoint, server) -> server.wiretap(false))
			.withPropertyValues("server.kestrel.endpoints.a.url=http://127.0.0.1:0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void malformedEndpointStopsStartUpNamingTheProperty() {
		this.runner.withPropertyValues("server.kestrel.endpoints.web.url=http://localhost:99999").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("server.kestrel.endpoints.web.url")
				.hasMessageContaining("port: 99999 (expected: 0-65535)");
		});
	}

	@Test
	void httpsEndpointWithoutACertificateStopsStartUpSayingWhichPropertyToSet() {
		this.runner.withPropertyValues("server.kestrel.endpoints.secure.url=https://127.0.0.1:0").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("set server.kestrel.endpoints.secure.ssl.bundle");
		});
	}

	@Test
	void http3AloneOnAClearTextEndpointStopsStartUpSayingItNeedsHttps() {
		this.runner
			.withPropertyValues("server.kestrel.endpoints.web.url=http://127.0.0.1:0",
					"server.kestrel.endpoints.web.protocols=http3")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("serves only HTTP/3, which requires HTTPS"));
	}

	@Test
	void mapsHttp3AndTheAltSvcSwitch() {
		this.runner
			.withPropertyValues("server.kestrel.endpoints.web.url=http://127.0.0.1:0",
					"server.kestrel.endpoints.web.protocols=http1-and-http2-and-http3",
					"server.kestrel.endpoints.web.disable-alt-svc-header=true")
			.run((context) -> {
				EndpointOptions endpoint = context.getBean(KestrelReactiveWebServerFactory.class).getEndpoints().get(0);
				assertThat(endpoint.protocols()).isEqualTo(HttpProtocols.HTTP1_AND_HTTP2_AND_HTTP3);
				assertThat(endpoint.altSvcHeader()).isFalse();
			});
	}

	@Test
	void mapsLimitsWithKestrelsDefaults() {
		this.runner
			.withPropertyValues("server.kestrel.limits.max-concurrent-connections=4",
					"server.kestrel.limits.request-headers-timeout=2s", "server.kestrel.limits.max-request-body-size=1MB",
					"server.kestrel.limits.http2.max-streams-per-connection=10",
					"server.kestrel.limits.http3.max-request-header-field-size=16KB")
			.run((context) -> {
				KestrelLimits limits = context.getBean(KestrelReactiveWebServerFactory.class).getLimits();
				assertThat(limits.http3().maxRequestHeaderFieldSize()).isEqualTo(16 * 1024);
				assertThat(limits.maxHttp3HeaderSection()).isEqualTo(16 * 1024);
				assertThat(limits.maxConcurrentConnections()).isEqualTo(4L);
				assertThat(limits.requestHeadersTimeout()).hasSeconds(2);
				assertThat(limits.maxRequestBodySize()).isEqualTo(1024L * 1024);
				assertThat(limits.http2().maxStreamsPerConnection()).isEqualTo(10);
				assertThat(limits.maxRequestLineSize()).isEqualTo(KestrelLimits.DEFAULT_MAX_REQUEST_LINE_SIZE);
				assertThat(limits.keepAliveTimeout()).isEqualTo(KestrelLimits.DEFAULT_KEEP_ALIVE_TIMEOUT);
				assertThat(limits.http2().initialStreamWindowSize()).isEqualTo(768 * 1024);
			});
	}

	@Test
	void minusOneTurnsALimitOff() {
		this.runner
			.withPropertyValues("server.kestrel.limits.max-request-body-size=-1",
					"server.kestrel.limits.keep-alive-timeout=-1", "server.kestrel.limits.request-headers-timeout=-1",
					"server.kestrel.limits.min-request-body-data-rate.bytes-per-second=-1",
					"server.kestrel.limits.min-response-data-rate.bytes-per-second=-1",
					"server.kestrel.limits.max-concurrent-connections=-1")
			.run((context) -> {
				KestrelLimits limits = context.getBean(KestrelReactiveWebServerFactory.class).getLimits();
				assertThat(limits.maxRequestBodySize()).isNull();
				assertThat(limits.keepAliveTimeout()).isNull();
				assertThat(limits.requestHeadersTimeout()).isNull();
				assertThat(limits.minRequestBodyDataRate()).isNull();
				assertThat(limits.minResponseDataRate()).isNull();
				assertThat(limits.maxConcurrentConnections()).isNull();
			});
	}

	@Test
	void zeroIsNotHowALimitIsTurnedOffAndTheMessageSaysWhatIs() {
		this.runner.withPropertyValues("server.kestrel.limits.max-request-body-size=0")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("server.kestrel.limits.max-request-body-size")
				.hasMessageContaining("-1 for no limit"));
	}

	@Test
	void anImpossibleLimitStopsStartUpNamingThePropertyAndTheRange() {
		this.runner.withPropertyValues("server.kestrel.limits.http2.max-frame-size=1KB")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("server.kestrel.limits.http2.max-frame-size")
				.hasMessageContaining("16384-16777215"));
	}

	@Test
	void unknownImplementationFailsWithAReportNamingWhatIsAvailable() {
		this.runner.withPropertyValues("server.impl=nonesuch").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ServerImplementationNotAvailableException.class)
				.hasMessage("server.impl is 'nonesuch', but no server implementation of that name is available. "
						+ "Available: [kestrel]")
				.satisfies((ex) -> assertThat(((ServerImplementationNotAvailableException) ex).getAction())
					.contains("Set server.impl to one of [kestrel]")
					.contains("io.github.serverimpl:httpsys-spring-boot-starter"));
		});
	}

	@Test
	void httpsysWithoutItsStarterNamesTheDependencyToAdd() {
		this.runner.withPropertyValues("server.impl=httpsys").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(ServerImplementationNotAvailableException.class)
				.satisfies((ex) -> assertThat(((ServerImplementationNotAvailableException) ex).getAction())
					.startsWith("Add the dependency io.github.serverimpl:httpsys-spring-boot-starter"));
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class HttpHandlerConfiguration {

		@Bean
		HttpHandler httpHandler() {
			return (request, response) -> response.setComplete();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserFactoryConfiguration {

		@Bean
		NettyReactiveWebServerFactory userFactory() {
			return new NettyReactiveWebServerFactory(0);
		}

	}

}

package io.github.serverimpl.kestrel.autoconfigure;

import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextFactory;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.autoconfigure.reactive.ReactiveWebServerConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;

/**
 * Serves the management endpoints on their own port ({@code management.server.port}) with a second
 * Kestrel server, when no Spring Boot server module already supplies the child context factory.
 * The management server listens on that port only; {@code server.kestrel.endpoints} stay with the
 * application.
 */
@AutoConfiguration(afterName = {
		"org.springframework.boot.reactor.netty.autoconfigure.actuate.web.server.NettyReactiveManagementContextAutoConfiguration",
		"org.springframework.boot.tomcat.autoconfigure.actuate.web.server.TomcatReactiveManagementContextAutoConfiguration",
		"org.springframework.boot.jetty.autoconfigure.actuate.web.server.JettyReactiveManagementContextAutoConfiguration" })
@ConditionalOnClass({ ManagementContextFactory.class, KestrelReactiveWebServerFactory.class })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnManagementPort(ManagementPortType.DIFFERENT)
public final class KestrelManagementContextAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ManagementContextFactory.class)
	static ManagementContextFactory kestrelReactiveManagementContextFactory() {
		return new ManagementContextFactory(WebApplicationType.REACTIVE, ReactiveWebServerFactory.class,
				ReactiveWebServerConfiguration.class);
	}

}

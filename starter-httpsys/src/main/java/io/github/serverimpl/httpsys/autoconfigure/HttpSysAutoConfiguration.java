package io.github.serverimpl.httpsys.autoconfigure;

import java.util.List;

import io.github.serverimpl.autoconfigure.BuiltInServer;
import io.github.serverimpl.autoconfigure.ConditionalOnServerImpl;
import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.autoconfigure.ServerImplementationNotAvailableException;
import io.github.serverimpl.httpsys.HttpSysReactiveWebServerFactory;
import io.github.serverimpl.webflux.AuthenticationFeatureWebFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.reactive.ReactiveWebServerConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of HTTP.sys as the reactive web server when {@code server.impl=httpsys}.
 * HTTP.sys exists only on Windows: on any other operating system start-up stops with a report
 * that says so. The user HTTP.sys authenticated becomes the exchange's principal.
 */
@AutoConfiguration(after = ServerImplAutoConfiguration.class,
		beforeName = { ServerImplAutoConfiguration.NETTY, ServerImplAutoConfiguration.TOMCAT,
				ServerImplAutoConfiguration.JETTY })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnServerImpl("httpsys")
@EnableConfigurationProperties(HttpSysProperties.class)
@Import(ReactiveWebServerConfiguration.class)
public final class HttpSysAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
	HttpSysReactiveWebServerFactory httpSysReactiveWebServerFactory(HttpSysProperties properties) {
		if (!BuiltInServer.HTTPSYS.runsHere()) {
			List<String> available = BuiltInServer.KESTREL.isPresent(ClassUtils.getDefaultClassLoader())
					? List.of(BuiltInServer.KESTREL.serverName()) : List.of();
			throw new ServerImplementationNotAvailableException("httpsys", available,
					"HTTP.sys is a Windows-only server and this is " + System.getProperty("os.name", "unknown"),
					"Use server.impl=kestrel (add " + BuiltInServer.KESTREL.dependency()
							+ " if it is missing), or run the application on Windows.");
		}
		HttpSysReactiveWebServerFactory factory = new HttpSysReactiveWebServerFactory();
		factory.setOptions(properties.toOptions());
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	AuthenticationFeatureWebFilter authenticationFeatureWebFilter() {
		return new AuthenticationFeatureWebFilter();
	}

}

package io.github.serverimpl.httpsys.autoconfigure;

import java.util.List;

import io.github.serverimpl.autoconfigure.BuiltInServer;
import io.github.serverimpl.autoconfigure.ConditionalOnServerImpl;
import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.autoconfigure.ServerImplementationNotAvailableException;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of HTTP.sys when {@code server.impl=httpsys}. HTTP.sys exists only on
 * Windows: on any other operating system start-up stops with a report that says so.
 *
 * <p>This starter does not yet contain the server itself (the native binding to the HTTP Server
 * API); until it does, selecting it stops start-up with a report on every operating system.
 */
@AutoConfiguration(after = ServerImplAutoConfiguration.class,
		beforeName = { ServerImplAutoConfiguration.NETTY, ServerImplAutoConfiguration.TOMCAT,
				ServerImplAutoConfiguration.JETTY })
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnServerImpl("httpsys")
public final class HttpSysAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
	ReactiveWebServerFactory httpSysReactiveWebServerFactory() {
		String os = System.getProperty("os.name", "unknown");
		List<String> available = BuiltInServer.KESTREL.isPresent(ClassUtils.getDefaultClassLoader())
				? List.of(BuiltInServer.KESTREL.serverName()) : List.of();
		if (!BuiltInServer.HTTPSYS.runsHere()) {
			throw new ServerImplementationNotAvailableException("httpsys", available,
					"HTTP.sys is a Windows-only server and this is " + os,
					"Use server.impl=kestrel (add " + BuiltInServer.KESTREL.dependency()
							+ " if it is missing), or run the application on Windows.");
		}
		throw new ServerImplementationNotAvailableException("httpsys", available,
				"this version of " + BuiltInServer.HTTPSYS.dependency() + " does not yet contain the HTTP.sys server",
				"Use server.impl=kestrel until HTTP.sys support ships.");
	}

}

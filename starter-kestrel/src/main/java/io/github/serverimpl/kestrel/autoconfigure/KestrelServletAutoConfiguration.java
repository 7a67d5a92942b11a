package io.github.serverimpl.kestrel.autoconfigure;

import java.util.EnumSet;

import io.github.serverimpl.autoconfigure.ConditionalOnServerImpl;
import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.forwarded.TrustedForwardedHeaderTransformer;
import io.github.serverimpl.kestrel.KestrelServerCustomizer;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.servlet.ForwardedPrefixFilter;
import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletRequest;
import org.eclipse.jetty.ee11.webapp.AbstractConfiguration;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.ee11.websocket.jakarta.server.JakartaWebSocketServerContainer;
import org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer;
import org.eclipse.jetty.ee11.websocket.servlet.WebSocketUpgradeFilter;
import org.eclipse.jetty.websocket.core.server.WebSocketMappings;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.autoconfigure.servlet.ServletWebServerConfiguration;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

/**
 * Auto-configuration of Kestrel as the servlet web server (Spring MVC), when {@code server.impl}
 * is {@code kestrel} or not set. Orders itself before Spring Boot's Tomcat and Jetty servlet
 * auto-configurations, which then back off with Tomcat still on the classpath; backs off itself
 * when the application defines a {@link ServletWebServerFactory}.
 */
@AutoConfiguration(after = ServerImplAutoConfiguration.class,
		beforeName = { ServerImplAutoConfiguration.TOMCAT_SERVLET, ServerImplAutoConfiguration.JETTY_SERVLET })
@ConditionalOnClass({ ServletRequest.class, JettyServletWebServerFactory.class })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnServerImpl("kestrel")
@Import({ KestrelServerConfiguration.class, ServletWebServerConfiguration.class })
public final class KestrelServletAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(value = ServletWebServerFactory.class, search = SearchStrategy.CURRENT)
	KestrelServletWebServerFactory kestrelServletWebServerFactory(
			ObjectProvider<KestrelServerCustomizer> serverCustomizers,
			ObjectProvider<JettyServerCustomizer> jettyServerCustomizers, KestrelStatistics kestrelStatistics,
			ObjectProvider<TrustedForwardedHeaderTransformer> forwardedHeaders) {
		KestrelServletWebServerFactory factory = new KestrelServletWebServerFactory();
		factory.setServerCustomizers(serverCustomizers.orderedStream().toList());
		factory.getServerCustomizers().addAll(jettyServerCustomizers.orderedStream().toList());
		factory.setStatistics(kestrelStatistics);
		factory.setForwardedHeaderTransformer(forwardedHeaders.getIfAvailable());
		return factory;
	}

	@Bean
	FilterRegistrationBean<ForwardedPrefixFilter> kestrelForwardedPrefixFilter() {
		// First, before any filter that builds a URL from the request (Spring Security's included);
		// it does nothing for requests that came without a trusted forwarded prefix.
		FilterRegistrationBean<ForwardedPrefixFilter> registration = new FilterRegistrationBean<>(
				new ForwardedPrefixFilter());
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
		return registration;
	}

	/**
	 * WebSocket for servlet applications: Jetty's Jakarta WebSocket container in the servlet
	 * context, which Spring's WebSocket support upgrades through (Kestrel's factory is a Jetty
	 * factory, and so is one the application defines instead). It stands in for Spring Boot's
	 * Jetty customizer of the same name, which also needs Jetty's native WebSocket API: with that
	 * API on the classpath, Spring WebFlux would pick Jetty's upgrade strategy for reactive
	 * applications, which Kestrel's Reactor Netty serves, so the starter does not bring it.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JakartaWebSocketServletContainerInitializer.class)
	static class WebSocketConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "websocketServletWebServerCustomizer")
		WebServerFactoryCustomizer<JettyServletWebServerFactory> websocketServletWebServerCustomizer() {
			return (factory) -> factory.addConfigurations(new AbstractConfiguration(new AbstractConfiguration.Builder()) {

				@Override
				public void configure(WebAppContext context) {
					if (JakartaWebSocketServerContainer.getContainer(context.getServletContext()) == null) {
						WebSocketServerComponents.ensureWebSocketComponents(context.getServer(),
								context.getContext().getContextHandler());
						WebSocketUpgradeFilter.ensureFilter(context.getServletContext());
						WebSocketMappings.ensureMappings(context.getContext().getContextHandler());
						JakartaWebSocketServerContainer.ensureContainer(context.getServletContext());
					}
				}

			});
		}

	}

}

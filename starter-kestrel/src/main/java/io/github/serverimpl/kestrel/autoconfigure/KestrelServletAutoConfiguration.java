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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.autoconfigure.condition.SearchStrategy;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.autoconfigure.servlet.ServletWebServerConfiguration;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
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

}

package io.github.serverimpl.kestrel.autoconfigure;

import io.github.serverimpl.autoconfigure.ConditionalOnServerImpl;
import io.github.serverimpl.autoconfigure.ServerImplAutoConfiguration;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;
import io.github.serverimpl.kestrel.KestrelServerCustomizer;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import reactor.netty.http.server.HttpServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.web.server.autoconfigure.reactive.ReactiveWebServerConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of Kestrel as the reactive web server, when {@code server.impl} is
 * {@code kestrel} or not set. Orders itself before Spring Boot's own servers, which then back
 * off; backs off itself when the application defines a {@link ReactiveWebServerFactory}.
 */
@AutoConfiguration(after = ServerImplAutoConfiguration.class,
		beforeName = { ServerImplAutoConfiguration.NETTY, ServerImplAutoConfiguration.TOMCAT,
				ServerImplAutoConfiguration.JETTY })
@ConditionalOnClass(HttpServer.class)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnServerImpl("kestrel")
@Import({ KestrelServerConfiguration.class, ReactiveWebServerConfiguration.class })
public final class KestrelAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
	KestrelReactiveWebServerFactory kestrelReactiveWebServerFactory(
			ObjectProvider<KestrelServerCustomizer> serverCustomizers, KestrelStatistics kestrelStatistics) {
		KestrelReactiveWebServerFactory factory = new KestrelReactiveWebServerFactory();
		factory.setServerCustomizers(serverCustomizers.orderedStream().toList());
		factory.setStatistics(kestrelStatistics);
		return factory;
	}

}

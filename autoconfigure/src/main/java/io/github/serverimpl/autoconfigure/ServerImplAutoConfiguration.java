package io.github.serverimpl.autoconfigure;

import java.util.List;

import io.github.serverimpl.features.ServerAddressesFeature;
import io.github.serverimpl.features.ServerFeatures;
import io.github.serverimpl.server.CustomReactiveWebServerFactory;
import io.github.serverimpl.server.CustomServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.autoconfigure.reactive.ReactiveWebServerConfiguration;
import org.springframework.boot.web.server.reactive.ReactiveWebServerFactory;
import org.springframework.boot.web.server.servlet.ServletWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of {@code server.impl}: the server features as beans, a {@link CustomServer}
 * when {@code server.impl} names one in a WebFlux application, and a report instead of a server
 * when it names one that cannot serve a servlet application.
 */
@AutoConfiguration(beforeName = { ServerImplAutoConfiguration.NETTY, ServerImplAutoConfiguration.TOMCAT,
		ServerImplAutoConfiguration.JETTY, ServerImplAutoConfiguration.TOMCAT_SERVLET,
		ServerImplAutoConfiguration.JETTY_SERVLET })
@ConditionalOnWebApplication
@EnableConfigurationProperties(ServerImplProperties.class)
public final class ServerImplAutoConfiguration {

	/** Spring Boot's Reactor Netty auto-configuration, which ours must precede. */
	public static final String NETTY = "org.springframework.boot.reactor.netty.autoconfigure.NettyReactiveWebServerAutoConfiguration";

	/** Spring Boot's reactive Tomcat auto-configuration, which ours must precede. */
	public static final String TOMCAT = "org.springframework.boot.tomcat.autoconfigure.reactive.TomcatReactiveWebServerAutoConfiguration";

	/** Spring Boot's reactive Jetty auto-configuration, which ours must precede. */
	public static final String JETTY = "org.springframework.boot.jetty.autoconfigure.reactive.JettyReactiveWebServerAutoConfiguration";

	/** Spring Boot's servlet Tomcat auto-configuration, which ours must precede. */
	public static final String TOMCAT_SERVLET = "org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration";

	/** Spring Boot's servlet Jetty auto-configuration, which ours must precede. */
	public static final String JETTY_SERVLET = "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration";

	@Bean
	@ConditionalOnMissingBean
	ServerAddressesFeature serverAddressesFeature() {
		return new ServerAddressesFeature();
	}

	@Bean
	@ConditionalOnMissingBean
	ServerFeatures serverFeatures(ServerAddressesFeature serverAddressesFeature) {
		return new ServerFeatures(serverAddressesFeature);
	}

	@Bean
	static ServerFeaturesPublisher serverFeaturesPublisher(ObjectProvider<ServerFeatures> serverFeatures) {
		return new ServerFeaturesPublisher(serverFeatures);
	}

	/**
	 * In a servlet application, {@code server.impl} naming anything but Kestrel stops start-up with
	 * a report: HTTP.sys and custom servers serve WebFlux applications only. The factory this
	 * declares (and never creates) keeps Spring Boot's Tomcat and Jetty from answering instead.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@Conditional(OnServletIncapableServerImplCondition.class)
	static class ServletIncapableServerConfiguration {

		@Bean
		@ConditionalOnMissingBean(ServletWebServerFactory.class)
		ServletWebServerFactory servletIncapableServerImpl(ServerImplProperties properties,
				ObjectProvider<CustomServer> customServers) {
			String requested = String.valueOf(properties.getImpl()).trim();
			List<String> names = customServers.orderedStream().map(CustomServer::getName).toList();
			throw ServerImplementationNotAvailableException.forServletApplication(requested, names,
					getClass().getClassLoader());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@Conditional(OnCustomServerImplCondition.class)
	@Import(ReactiveWebServerConfiguration.class)
	static class CustomServerConfiguration {

		@Bean
		@ConditionalOnMissingBean(ReactiveWebServerFactory.class)
		CustomReactiveWebServerFactory customReactiveWebServerFactory(ServerImplProperties properties,
				ObjectProvider<CustomServer> customServers) {
			String requested = String.valueOf(properties.getImpl()).trim();
			List<CustomServer> candidates = customServers.orderedStream().toList();
			return candidates.stream()
				.filter((server) -> server.getName().equalsIgnoreCase(requested))
				.findFirst()
				.map(CustomReactiveWebServerFactory::new)
				.orElseThrow(() -> ServerImplementationNotAvailableException.notFound(requested,
						candidates.stream().map(CustomServer::getName).toList(), getClass().getClassLoader()));
		}

	}

}

package io.github.serverimpl.kestrel.autoconfigure;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Keeps the Jetty that this starter brings as Kestrel's servlet container from acting as a server
 * of its own next to Spring Boot's: Jetty's management-context auto-configurations register their
 * child context factory under the same bean name as Reactor Netty's and Tomcat's, so with both on
 * the classpath an application with {@code management.server.port} would not start.
 * <ul>
 * <li>Jetty's reactive management context is never used: reactive applications run on Kestrel,
 * and their management server is Kestrel's or the reactive server module's the application
 * chose.</li>
 * <li>Jetty's servlet management context steps aside when Tomcat's is present.</li>
 * </ul>
 */
final class JettyAutoConfigurationFilter implements AutoConfigurationImportFilter, BeanClassLoaderAware {

	private static final String JETTY_MANAGEMENT = "org.springframework.boot.jetty.autoconfigure.actuate.web.server.";

	static final String JETTY_REACTIVE_MANAGEMENT = JETTY_MANAGEMENT + "JettyReactiveManagementContextAutoConfiguration";

	static final String JETTY_SERVLET_MANAGEMENT = JETTY_MANAGEMENT + "JettyServletManagementContextAutoConfiguration";

	static final String TOMCAT_SERVLET_MANAGEMENT = "org.springframework.boot.tomcat.autoconfigure.actuate.web.server."
			+ "TomcatServletManagementContextAutoConfiguration";

	private @Nullable ClassLoader classLoader;

	@Override
	public void setBeanClassLoader(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public boolean[] match(@Nullable String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
		Set<String> skipped = ClassUtils.isPresent(TOMCAT_SERVLET_MANAGEMENT, this.classLoader)
				? Set.of(JETTY_REACTIVE_MANAGEMENT, JETTY_SERVLET_MANAGEMENT) : Set.of(JETTY_REACTIVE_MANAGEMENT);
		boolean[] matches = new boolean[autoConfigurationClasses.length];
		for (int i = 0; i < autoConfigurationClasses.length; i++) {
			matches[i] = autoConfigurationClasses[i] == null || !skipped.contains(autoConfigurationClasses[i]);
		}
		return matches;
	}

}

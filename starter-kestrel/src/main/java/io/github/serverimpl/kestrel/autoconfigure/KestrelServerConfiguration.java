package io.github.serverimpl.kestrel.autoconfigure;

import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.systemd.SystemdNotifier;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What Kestrel needs whichever Spring stack it serves: its properties mapped onto the factory, the
 * statistics its limits count into, the meters that show them, and notifications to systemd when
 * it started the application as a {@code Type=notify} service.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KestrelServerProperties.class)
class KestrelServerConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KestrelStatistics kestrelStatistics() {
		return new KestrelStatistics();
	}

	@Bean
	KestrelWebServerFactoryCustomizer kestrelWebServerFactoryCustomizer(KestrelServerProperties properties,
			Environment environment) {
		return new KestrelWebServerFactoryCustomizer(properties, environment);
	}

	@Bean
	@ConditionalOnProperty("NOTIFY_SOCKET")
	@Nullable SystemdNotifications systemdNotifications(ApplicationContext context) {
		SystemdNotifier notifier = SystemdNotifier.of(context.getEnvironment()::getProperty,
				ProcessHandle.current().pid());
		return (notifier != null) ? new SystemdNotifications(context, notifier) : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterBinder.class)
	static class KestrelMetricsConfiguration {

		@Bean
		MeterBinder kestrelMetrics(KestrelStatistics kestrelStatistics) {
			return new KestrelMetrics(kestrelStatistics);
		}

	}

}

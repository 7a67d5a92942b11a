package io.github.serverimpl.kestrel.autoconfigure;

import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Kestrel needs whichever Spring stack it serves: its properties mapped onto the factory, the
 * statistics its limits count into, and the meters that show them.
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
	KestrelWebServerFactoryCustomizer kestrelWebServerFactoryCustomizer(KestrelServerProperties properties) {
		return new KestrelWebServerFactoryCustomizer(properties);
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

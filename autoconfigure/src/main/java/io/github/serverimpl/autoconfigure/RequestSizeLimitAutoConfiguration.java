package io.github.serverimpl.autoconfigure;

import io.github.serverimpl.webflux.RequestSizeLimit;
import io.github.serverimpl.webflux.RequestSizeLimitHandlerMapping;
import io.github.serverimpl.webmvc.RequestSizeLimitInterceptor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.webflux.autoconfigure.WebFluxRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of {@link RequestSizeLimit @RequestSizeLimit} and
 * {@link io.github.serverimpl.webflux.DisableRequestSizeLimit @DisableRequestSizeLimit} on
 * annotated controllers of both stacks. For WebFlux, through Spring Boot's
 * {@link WebFluxRegistrations}: an application that registers its own keeps it, and can return a
 * {@link RequestSizeLimitHandlerMapping} from it to keep the annotations working. For Spring MVC,
 * through a {@link RequestSizeLimitInterceptor} on every handler mapping.
 */
@AutoConfiguration
public final class RequestSizeLimitAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.REACTIVE)
	@ConditionalOnClass({ WebFluxRegistrations.class, RequestMappingHandlerMapping.class })
	static class WebFluxConfiguration {

		@Bean
		@ConditionalOnMissingBean(WebFluxRegistrations.class)
		WebFluxRegistrations requestSizeLimitRegistrations() {
			return new WebFluxRegistrations() {

				@Override
				public RequestMappingHandlerMapping getRequestMappingHandlerMapping() {
					return new RequestSizeLimitHandlerMapping();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = Type.SERVLET)
	@ConditionalOnClass(WebMvcConfigurer.class)
	static class WebMvcConfiguration {

		@Bean
		RequestSizeLimitInterceptor requestSizeLimitInterceptor(ListableBeanFactory beanFactory) {
			return new RequestSizeLimitInterceptor(beanFactory);
		}

		@Bean
		WebMvcConfigurer requestSizeLimitWebMvcConfigurer(RequestSizeLimitInterceptor interceptor) {
			return new WebMvcConfigurer() {

				@Override
				public void addInterceptors(InterceptorRegistry registry) {
					registry.addInterceptor(interceptor);
				}

			};
		}

	}

}

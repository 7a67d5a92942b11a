package io.github.serverimpl.autoconfigure;

import io.github.serverimpl.webflux.RequestSizeLimit;
import io.github.serverimpl.webflux.RequestSizeLimitHandlerMapping;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.webflux.autoconfigure.WebFluxRegistrations;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

/**
 * Auto-configuration of {@link RequestSizeLimit @RequestSizeLimit} and
 * {@link io.github.serverimpl.webflux.DisableRequestSizeLimit @DisableRequestSizeLimit} for
 * annotated WebFlux handlers, through Spring Boot's {@link WebFluxRegistrations}. An application
 * that registers its own {@code WebFluxRegistrations} keeps it, and can return a
 * {@link RequestSizeLimitHandlerMapping} from it to keep the annotations working.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass({ WebFluxRegistrations.class, RequestMappingHandlerMapping.class })
public final class RequestSizeLimitAutoConfiguration {

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

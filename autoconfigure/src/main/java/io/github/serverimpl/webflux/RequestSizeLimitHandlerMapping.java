package io.github.serverimpl.webflux;

import io.github.serverimpl.features.RequestFeatures;
import reactor.core.publisher.Mono;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * A {@link RequestMappingHandlerMapping} that applies {@link RequestSizeLimit} and
 * {@link DisableRequestSizeLimit} once it has chosen the handler, before the handler (or its
 * {@code @RequestBody} argument) reads the body. A server without a
 * {@link io.github.serverimpl.features.MaxRequestBodySizeFeature}, or a request whose body is
 * already being read, keeps its limit; that is logged at DEBUG.
 */
public class RequestSizeLimitHandlerMapping extends RequestMappingHandlerMapping {

	private final RequestSizeLimits limits = new RequestSizeLimits();

	/**
	 * Find the handlers, then read their limits, so that an invalid one stops start-up.
	 */
	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		getHandlerMethods().values().forEach(this.limits::check);
	}

	@Override
	public Mono<HandlerMethod> getHandlerInternal(ServerWebExchange exchange) {
		return super.getHandlerInternal(exchange)
			.doOnNext((handler) -> this.limits.apply(handler, RequestFeatures.of(exchange)));
	}

}

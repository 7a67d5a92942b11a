package io.github.serverimpl.webflux;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.github.serverimpl.features.MaxRequestBodySizeFeature;
import io.github.serverimpl.features.RequestFeatures;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.ServerWebExchange;

/**
 * A {@link RequestMappingHandlerMapping} that applies {@link RequestSizeLimit} and
 * {@link DisableRequestSizeLimit} once it has chosen the handler, before the handler (or its
 * {@code @RequestBody} argument) reads the body. A server without a
 * {@link MaxRequestBodySizeFeature}, or a request whose body is already being read, keeps its
 * limit; that is logged at DEBUG.
 */
public class RequestSizeLimitHandlerMapping extends RequestMappingHandlerMapping {

	private static final Log logger = LogFactory.getLog(RequestSizeLimitHandlerMapping.class);

	/** The limit each handler method declares, if it declares one. */
	private final Map<HandlerKey, Optional<Limit>> limits = new ConcurrentHashMap<>();

	/**
	 * Find the handlers, then read their limits, so that an invalid one stops start-up.
	 */
	@Override
	public void afterPropertiesSet() {
		super.afterPropertiesSet();
		getHandlerMethods().values().forEach(this::limitOf);
	}

	@Override
	public Mono<HandlerMethod> getHandlerInternal(ServerWebExchange exchange) {
		return super.getHandlerInternal(exchange).doOnNext((handler) -> apply(handler, exchange));
	}

	private Optional<Limit> limitOf(HandlerMethod handler) {
		return this.limits.computeIfAbsent(new HandlerKey(handler.getBeanType(), handler.getMethod()),
				(key) -> Optional.ofNullable(declaredLimit(handler)));
	}

	private void apply(HandlerMethod handler, ServerWebExchange exchange) {
		Optional<Limit> limit = limitOf(handler);
		if (limit.isEmpty()) {
			return;
		}
		MaxRequestBodySizeFeature feature = RequestFeatures.of(exchange).get(MaxRequestBodySizeFeature.class);
		if (feature == null || feature.isReadOnly()) {
			if (logger.isDebugEnabled()) {
				logger.debug("Cannot apply the request size limit of " + handler.getShortLogMessage() + ": "
						+ ((feature == null) ? "the server offers no MaxRequestBodySizeFeature"
								: "the request body is already being read"));
			}
			return;
		}
		feature.setMaxRequestBodySize(limit.get().bytes());
	}

	private static @Nullable Limit declaredLimit(HandlerMethod handler) {
		Limit limit = declaredLimit(handler.getMethod());
		return (limit != null) ? limit : declaredLimit(handler.getBeanType());
	}

	private static @Nullable Limit declaredLimit(AnnotatedElement element) {
		if (AnnotatedElementUtils.hasAnnotation(element, DisableRequestSizeLimit.class)) {
			return new Limit(null);
		}
		RequestSizeLimit limit = AnnotatedElementUtils.findMergedAnnotation(element, RequestSizeLimit.class);
		if (limit == null) {
			return null;
		}
		if (limit.bytes() < 0) {
			throw new IllegalStateException("@RequestSizeLimit(bytes = " + limit.bytes() + ") on " + element
					+ ": the limit must be 0 or more; use @DisableRequestSizeLimit for no limit");
		}
		return new Limit(limit.bytes());
	}

	/** A declared limit: {@code null} bytes for none. */
	private record Limit(@Nullable Long bytes) {
	}

	/** A handler method as the bean type that serves it (class-level annotations differ by type). */
	private record HandlerKey(Class<?> beanType, Method method) {
	}

}

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

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * The {@link RequestSizeLimit} and {@link DisableRequestSizeLimit} of handler methods, of either
 * Spring stack (WebFlux and Spring MVC share {@link HandlerMethod}), read once per method and
 * applied to a request's {@link MaxRequestBodySizeFeature}.
 */
public final class RequestSizeLimits {

	private static final Log logger = LogFactory.getLog(RequestSizeLimits.class);

	/** The limit each handler method declares, if it declares one. */
	private final Map<HandlerKey, Optional<Limit>> limits = new ConcurrentHashMap<>();

	/**
	 * Read a handler's declared limit, so that an invalid one is reported.
	 * @param handler the handler method
	 * @throws IllegalStateException if its {@code @RequestSizeLimit} is negative
	 */
	public void check(HandlerMethod handler) {
		limitOf(handler);
	}

	/**
	 * Apply a handler's declared limit, if it has one, to the request it was chosen for. A server
	 * without a {@link MaxRequestBodySizeFeature}, or a request whose body is already being read,
	 * keeps its limit; that is logged at DEBUG.
	 * @param handler the handler method chosen for the request
	 * @param features the request's features
	 */
	public void apply(HandlerMethod handler, RequestFeatures features) {
		Optional<Limit> limit = limitOf(handler);
		if (limit.isEmpty()) {
			return;
		}
		MaxRequestBodySizeFeature feature = features.get(MaxRequestBodySizeFeature.class);
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

	private Optional<Limit> limitOf(HandlerMethod handler) {
		return this.limits.computeIfAbsent(new HandlerKey(handler.getBeanType(), handler.getMethod()),
				(key) -> Optional.ofNullable(declaredLimit(handler)));
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

package io.github.serverimpl.webmvc;

import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.webflux.DisableRequestSizeLimit;
import io.github.serverimpl.webflux.RequestSizeLimit;
import io.github.serverimpl.webflux.RequestSizeLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Applies {@link RequestSizeLimit} and {@link DisableRequestSizeLimit} on Spring MVC controllers:
 * once the handler is chosen, before it (or its {@code @RequestBody} argument) reads the body, the
 * request's {@link io.github.serverimpl.features.MaxRequestBodySizeFeature} takes the declared
 * limit. A multipart request's body is read before the handler is chosen (by the
 * {@code DispatcherServlet}, unless {@code spring.servlet.multipart.resolve-lazily=true}) and keeps
 * the server's limit; that is logged at DEBUG. An invalid limit stops start-up.
 */
public class RequestSizeLimitInterceptor implements HandlerInterceptor, SmartInitializingSingleton {

	private final RequestSizeLimits limits = new RequestSizeLimits();

	private final ListableBeanFactory beanFactory;

	/**
	 * Create an interceptor that checks the limits of the handlers in a bean factory at start-up.
	 * @param beanFactory the factory whose {@link RequestMappingHandlerMapping}s to check
	 */
	public RequestSizeLimitInterceptor(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			this.beanFactory.getBeansOfType(RequestMappingHandlerMapping.class)
				.values()
				.forEach((mapping) -> mapping.getHandlerMethods().values().forEach(this.limits::check));
		}
		catch (IllegalStateException ex) {
			throw new BeanInitializationException("Invalid request size limit on a Spring MVC handler", ex);
		}
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		if (handler instanceof HandlerMethod method) {
			this.limits.apply(method, RequestFeatures.of(request));
		}
		return true;
	}

}

package io.github.serverimpl.features;

import java.util.List;

import jakarta.servlet.ServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request features of a request. In a WebFlux handler:
 * <pre class="code">
 * HttpConnectionFeature connection = RequestFeatures.of(exchange).get(HttpConnectionFeature.class);
 * </pre>
 * and in a Spring MVC handler {@code RequestFeatures.of(servletRequest)}, from the request
 * attribute named {@link #ATTRIBUTE}, which the server sets.
 * A feature-based server (HTTP.sys, a custom server) creates the collection for each request; a
 * server with its own request model (Kestrel) has its {@link RequestFeaturesProvider} build it the
 * first time the application asks, and the exchange keeps it.
 */
public final class RequestFeatures extends FeatureCollection {

	/** Name of the exchange attribute that holds the features once looked up. */
	public static final String ATTRIBUTE = RequestFeatures.class.getName();

	private static final RequestFeatures NONE = new RequestFeatures(true);

	private static final List<RequestFeaturesProvider> providers = SpringFactoriesLoader
		.loadFactories(RequestFeaturesProvider.class, RequestFeatures.class.getClassLoader());

	private final boolean readOnly;

	/**
	 * Create an empty collection for a server to fill.
	 */
	public RequestFeatures() {
		this(false);
	}

	private RequestFeatures(boolean readOnly) {
		this.readOnly = readOnly;
	}

	/**
	 * Return the features of the exchange's request.
	 * @param exchange the current exchange
	 * @return the features, empty when the server offers none
	 */
	public static RequestFeatures of(ServerWebExchange exchange) {
		RequestFeatures features = exchange.getAttribute(ATTRIBUTE);
		if (features == null) {
			features = find(exchange.getRequest());
			if (features == null) {
				return NONE;
			}
			exchange.getAttributes().put(ATTRIBUTE, features);
		}
		return features;
	}

	/**
	 * Return the features of a request. Prefer {@link #of(ServerWebExchange)}, which looks them up
	 * once per exchange.
	 * @param request the current request
	 * @return the features, empty when the server offers none
	 */
	public static RequestFeatures of(ServerHttpRequest request) {
		RequestFeatures features = find(request);
		return (features != null) ? features : NONE;
	}

	/**
	 * Return the features of a servlet request (Spring MVC):
	 * {@code RequestFeatures.of(request).get(HttpConnectionFeature.class)}.
	 * @param request the current request
	 * @return the features, empty when the server offers none
	 */
	public static RequestFeatures of(ServletRequest request) {
		Object features = request.getAttribute(ATTRIBUTE);
		return (features instanceof RequestFeatures found) ? found : NONE;
	}

	private static @Nullable RequestFeatures find(ServerHttpRequest request) {
		Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		if (nativeRequest instanceof RequestFeatures features) {
			return features;
		}
		for (RequestFeaturesProvider provider : providers) {
			RequestFeatures features = provider.getFeatures(nativeRequest);
			if (features != null) {
				return features;
			}
		}
		return null;
	}

	@Override
	public <T> void set(Class<T> type, @Nullable T feature) {
		if (this.readOnly) {
			throw new UnsupportedOperationException("The server offers no features for this request");
		}
		super.set(type, feature);
	}

}

package io.github.serverimpl.features;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * The per-request features a server attached to a request. In a WebFlux handler:
 * <pre class="code">
 * HttpConnectionFeature connection = RequestFeatures.of(exchange).get(HttpConnectionFeature.class);
 * </pre>
 */
public final class RequestFeatures extends FeatureCollection {

	/** Name of the request (and exchange) attribute that holds the features. */
	public static final String ATTRIBUTE = RequestFeatures.class.getName();

	private static final RequestFeatures NONE = new RequestFeatures(true);

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
	 * @return the features, empty when the server attached none
	 */
	public static RequestFeatures of(ServerWebExchange exchange) {
		RequestFeatures features = exchange.getAttribute(ATTRIBUTE);
		return (features != null) ? features : of(exchange.getRequest());
	}

	/**
	 * Return the features attached to a request.
	 * @param request the current request
	 * @return the features, empty when the server attached none
	 */
	public static RequestFeatures of(HttpRequest request) {
		RequestFeatures features = find(request);
		return (features != null) ? features : NONE;
	}

	/**
	 * Attach features to a request. Called by servers before the request reaches the application.
	 * @param request the request
	 * @param features the features to attach
	 */
	public static void attach(HttpRequest request, RequestFeatures features) {
		request.getAttributes().put(ATTRIBUTE, features);
	}

	private static @Nullable RequestFeatures find(HttpRequest request) {
		Object features = request.getAttributes().get(ATTRIBUTE);
		return (features instanceof RequestFeatures requestFeatures) ? requestFeatures : null;
	}

	@Override
	public <T> void set(Class<T> type, @Nullable T feature) {
		if (this.readOnly) {
			throw new UnsupportedOperationException("No features were attached to this request");
		}
		super.set(type, feature);
	}

}

package io.github.serverimpl.features;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A collection of features keyed by their type. A feature is any object that a server offers
 * under an interface or class, such as {@link HttpConnectionFeature}.
 *
 * <p>Safe for concurrent reads once populated; writers are the server that owns the collection.
 */
public class FeatureCollection {

	private final Map<Class<?>, Object> features = Collections.synchronizedMap(new LinkedHashMap<>());

	/**
	 * Return the feature registered under the given type.
	 * @param type the type the feature was registered under
	 * @return the feature, or {@code null} when this server does not offer it
	 */
	public <T> @Nullable T get(Class<T> type) {
		return type.cast(this.features.get(type));
	}

	/**
	 * Return the feature registered under the given type, if any.
	 * @param type the type the feature was registered under
	 * @return the feature
	 */
	public <T> Optional<T> find(Class<T> type) {
		return Optional.ofNullable(get(type));
	}

	/**
	 * Register a feature, replacing any registered under the same type.
	 * @param type the type to register under
	 * @param feature the feature, or {@code null} to remove it
	 */
	public <T> void set(Class<T> type, @Nullable T feature) {
		if (feature == null) {
			this.features.remove(type);
		}
		else {
			this.features.put(type, feature);
		}
	}

	/**
	 * Return a snapshot of the registered features, in registration order.
	 * @return the features by type
	 */
	public Map<Class<?>, Object> asMap() {
		synchronized (this.features) {
			return Map.copyOf(this.features);
		}
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + this.features.keySet().stream().map(Class::getSimpleName).toList();
	}

}

package io.github.serverimpl.kestrel.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.EndpointUrl;
import io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.util.StringUtils;

/**
 * Maps {@code server.kestrel.*} onto a {@link KestrelReactiveWebServerFactory}, validating each
 * endpoint once: a malformed endpoint stops start-up with a message naming its property.
 */
public class KestrelReactiveWebServerFactoryCustomizer
		implements WebServerFactoryCustomizer<KestrelReactiveWebServerFactory>, Ordered {

	private final KestrelServerProperties properties;

	/**
	 * Create a customizer for the given properties.
	 * @param properties the Kestrel properties
	 */
	public KestrelReactiveWebServerFactoryCustomizer(KestrelServerProperties properties) {
		this.properties = properties;
	}

	@Override
	public int getOrder() {
		// After Spring Boot's ReactiveWebServerFactoryCustomizer (order 0).
		return 10;
	}

	@Override
	public void customize(KestrelReactiveWebServerFactory factory) {
		PropertyMapper map = PropertyMapper.get();
		map.from(this.properties::isAddServerHeader).to(factory::setAddServerHeader);
		map.from(this.properties::getEndpoints).as(this::endpoints).when((endpoints) -> !endpoints.isEmpty())
			.to(factory::setEndpoints);
	}

	private List<EndpointOptions> endpoints(Map<String, KestrelServerProperties.Endpoint> endpoints) {
		List<EndpointOptions> options = new ArrayList<>();
		endpoints.forEach((name, endpoint) -> options.add(endpoint(name, endpoint)));
		return options;
	}

	private EndpointOptions endpoint(String name, KestrelServerProperties.Endpoint endpoint) {
		String property = "server.kestrel.endpoints." + name;
		if (!StringUtils.hasText(endpoint.getUrl())) {
			throw new InvalidEndpointException(property + ".url", null,
					"every endpoint needs a URL, for example http://localhost:8080");
		}
		EndpointUrl url;
		try {
			url = EndpointUrl.parse(endpoint.getUrl());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointException(property + ".url", endpoint.getUrl(), ex.getMessage());
		}
		Map<String, String> sni = new LinkedHashMap<>();
		endpoint.getSni().forEach((host, entry) -> {
			if (!StringUtils.hasText(entry.getBundle())) {
				throw new InvalidEndpointException(property + ".sni." + host + ".bundle", null,
						"each SNI entry needs the name of an SSL bundle");
			}
			sni.put(host, entry.getBundle());
		});
		try {
			return new EndpointOptions(name, url, endpoint.getProtocols(), endpoint.getSsl().getBundle(),
					endpoint.getSsl().getClientAuth(), sni, endpoint.isProxyProtocol(), endpoint.getSocketPermissions());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointException(property, endpoint.getUrl(), ex.getMessage());
		}
	}

}

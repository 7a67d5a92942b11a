package io.github.serverimpl.webflux;

import io.github.serverimpl.features.HttpAuthenticationFeature;
import io.github.serverimpl.features.RequestFeatures;
import reactor.core.publisher.Mono;

import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Makes the user a server authenticated ({@link HttpAuthenticationFeature}) the exchange's
 * {@link ServerWebExchange#getPrincipal() principal}. Requests without the feature pass unchanged.
 */
public final class AuthenticationFeatureWebFilter implements WebFilter {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		HttpAuthenticationFeature authentication = RequestFeatures.of(exchange).get(HttpAuthenticationFeature.class);
		if (authentication == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate().principal(Mono.just(authentication.user())).build());
	}

}

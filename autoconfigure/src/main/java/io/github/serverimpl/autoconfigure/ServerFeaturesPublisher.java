package io.github.serverimpl.autoconfigure;

import java.util.Map;

import io.github.serverimpl.features.ServerAddressesFeature;
import io.github.serverimpl.features.ServerFeatures;
import io.github.serverimpl.server.FeatureWebServer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * Copies the features of the application's web server into the {@link ServerFeatures} bean once
 * the server has started, so that the bean shows the addresses actually bound. The management
 * server (a separate port) does not count.
 */
class ServerFeaturesPublisher implements ApplicationListener<WebServerInitializedEvent> {

	private final ObjectProvider<ServerFeatures> serverFeatures;

	ServerFeaturesPublisher(ObjectProvider<ServerFeatures> serverFeatures) {
		this.serverFeatures = serverFeatures;
	}

	@Override
	@SuppressWarnings({ "unchecked", "rawtypes" })
	public void onApplicationEvent(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() != null
				|| !(event.getWebServer() instanceof FeatureWebServer server)) {
			return;
		}
		ServerFeatures target = this.serverFeatures.getIfAvailable();
		if (target == null) {
			return;
		}
		for (Map.Entry<Class<?>, Object> feature : server.getServerFeatures().asMap().entrySet()) {
			if (feature.getKey() == ServerAddressesFeature.class) {
				target.getAddresses().setAddresses(((ServerAddressesFeature) feature.getValue()).getAddresses());
			}
			else if (target.get(feature.getKey()) == null) {
				target.set((Class) feature.getKey(), feature.getValue());
			}
		}
	}

}

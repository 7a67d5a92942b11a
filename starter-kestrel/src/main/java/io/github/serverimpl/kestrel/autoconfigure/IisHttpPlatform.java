package io.github.serverimpl.kestrel.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.serverimpl.kestrel.EndpointOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * Running behind IIS's HttpPlatformHandler, which starts the application with
 * {@code HTTP_PLATFORM_PORT} set and forwards every request to {@code 127.0.0.1} on that port, as
 * the ASP.NET Core Module does for Kestrel: the application listens there only, and trusts the
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto} headers the module sends from loopback.
 *
 * <p>As an environment post-processor it turns those two forwarded headers on, with the lowest
 * precedence, unless the application chose its forwarded headers itself.
 */
public class IisHttpPlatform implements EnvironmentPostProcessor, Ordered {

	/** The variable HttpPlatformHandler sets to the port it forwards to. */
	public static final String PORT_VARIABLE = "HTTP_PLATFORM_PORT";

	/** Name of the property source with the forwarded-header defaults. */
	static final String PROPERTY_SOURCE = "iisHttpPlatform";

	/** Name of the endpoint that replaces the configured ones. */
	static final String ENDPOINT = "iis";

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.containsProperty(PORT_VARIABLE) || environment.containsProperty("server.forward-headers-strategy")
				|| environment.containsProperty("server.forwarded-headers.headers")
				|| environment.containsProperty("server.forwarded-headers.headers[0]")) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("server.forwarded-headers.headers", "x-forwarded-for,x-forwarded-proto");
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults));
	}

	/**
	 * Return the endpoint HttpPlatformHandler forwards to.
	 * @param environment the application's environment
	 * @return {@code http://127.0.0.1:<HTTP_PLATFORM_PORT>}, or {@code null} when the variable is
	 * not set
	 * @throws InvalidEndpointException if the variable is not a port
	 */
	static @Nullable EndpointOptions endpoint(Environment environment) {
		String port = environment.getProperty(PORT_VARIABLE);
		if (port == null) {
			return null;
		}
		if (!port.trim().matches("[0-9]{1,5}") || Integer.parseInt(port.trim()) == 0
				|| Integer.parseInt(port.trim()) > 65535) {
			throw new InvalidEndpointException(PORT_VARIABLE, port, "expected the port IIS's HttpPlatformHandler "
					+ "forwards to (1-65535); it sets the variable itself, so unset it when not running under IIS");
		}
		return EndpointOptions.of(ENDPOINT, "http://127.0.0.1:" + port.trim());
	}

}

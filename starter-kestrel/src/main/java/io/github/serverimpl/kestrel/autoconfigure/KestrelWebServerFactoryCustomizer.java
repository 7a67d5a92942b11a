package io.github.serverimpl.kestrel.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.serverimpl.features.MinDataRate;
import io.github.serverimpl.kestrel.EndpointOptions;
import io.github.serverimpl.kestrel.EndpointUrl;
import io.github.serverimpl.kestrel.ConfigurableKestrelWebServerFactory;
import io.github.serverimpl.kestrel.limits.InvalidLimitException;
import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.systemd.SystemdSockets;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;

/**
 * Maps {@code server.kestrel.*} onto a Kestrel factory, reactive or servlet, validating each
 * endpoint once: a malformed endpoint stops start-up with a message naming its property. It also
 * passes on what the process was started with: the sockets of systemd's socket activation
 * ({@code LISTEN_PID}, {@code LISTEN_FDS}, {@code LISTEN_FDNAMES}), and IIS's
 * {@code HTTP_PLATFORM_PORT}, which replaces every endpoint.
 */
public class KestrelWebServerFactoryCustomizer
		implements WebServerFactoryCustomizer<ConfigurableKestrelWebServerFactory>, Ordered {

	/** What turns a limit off in properties: -1, as in Spring Boot's own server properties. */
	private static final long OFF = -1;

	private static final Log logger = LogFactory.getLog(KestrelWebServerFactoryCustomizer.class);

	private final KestrelServerProperties properties;

	private final Environment environment;

	/**
	 * Create a customizer for the given properties.
	 * @param properties the Kestrel properties
	 * @param environment where the variables set by systemd and IIS are read
	 */
	public KestrelWebServerFactoryCustomizer(KestrelServerProperties properties, Environment environment) {
		this.properties = properties;
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		// After Spring Boot's ReactiveWebServerFactoryCustomizer (order 0).
		return 10;
	}

	@Override
	public void customize(ConfigurableKestrelWebServerFactory factory) {
		PropertyMapper map = PropertyMapper.get();
		map.from(this.properties::isAddServerHeader).to(factory::setAddServerHeader);
		map.from(this.properties::getAllowedHosts).to(factory::setAllowedHosts);
		map.from(this.properties::getTransport).to(factory::setTransport);
		map.from(this.properties::getEndpoints).as(this::endpoints).when((endpoints) -> !endpoints.isEmpty())
			.to(factory::setEndpoints);
		factory.setLimits(limits(this.properties.getLimits()));
		factory.setInheritedSockets(SystemdSockets.of(this.environment::getProperty, ProcessHandle.current().pid()));
		EndpointOptions iis = IisHttpPlatform.endpoint(this.environment);
		if (iis != null) {
			logger.info(IisHttpPlatform.PORT_VARIABLE + " is set: IIS's HttpPlatformHandler forwards to " + iis.url()
					+ ", so Kestrel listens there only" + (this.properties.getEndpoints().isEmpty() ? ""
							: ", not on the configured endpoints " + this.properties.getEndpoints().keySet()));
			factory.setEndpoints(List.of(iis));
		}
	}

	private KestrelLimits limits(KestrelLimitsProperties limits) {
		KestrelLimitsProperties.Http2 http2 = limits.getHttp2();
		try {
			KestrelLimits.Http2 http2Limits = new KestrelLimits.Http2(http2.getMaxStreamsPerConnection(),
					intBytes(http2.getHeaderTableSize()), intBytes(http2.getMaxFrameSize()),
					intBytes(http2.getMaxRequestHeaderFieldSize()), intBytes(http2.getInitialStreamWindowSize()),
					intBytes(http2.getInitialConnectionWindowSize()), timeout(http2.getKeepAlivePingDelay()),
					http2.getKeepAlivePingTimeout());
			return new KestrelLimits(count(limits.getMaxConcurrentConnections()),
					count(limits.getMaxConcurrentUpgradedConnections()), bytes(limits.getMaxRequestBodySize()),
					intBytes(limits.getMaxRequestLineSize()), intBytes(limits.getMaxRequestHeadersTotalSize()),
					limits.getMaxRequestHeaderCount(), timeout(limits.getKeepAliveTimeout()),
					timeout(limits.getRequestHeadersTimeout()),
					rate(limits.getMinRequestBodyDataRate(), "min-request-body-data-rate"),
					rate(limits.getMinResponseDataRate(), "min-response-data-rate"), http2Limits,
					new KestrelLimits.Http3(intBytes(limits.getHttp3().getMaxRequestHeaderFieldSize())));
		}
		catch (InvalidLimitException ex) {
			throw new InvalidConfigurationPropertyValueException(ex.getProperty(), ex.getValue(),
					"expected " + ex.getExpected());
		}
	}

	private static @Nullable MinDataRate rate(KestrelLimitsProperties.MinDataRate rate,
			String name) {
		String property = "server.kestrel.limits." + name;
		if (rate.getBytesPerSecond() == null || rate.getBytesPerSecond() == OFF) {
			return null;
		}
		if (rate.getBytesPerSecond() <= 0) {
			throw new InvalidConfigurationPropertyValueException(property + ".bytes-per-second",
					rate.getBytesPerSecond(), "expected more than 0, or -1 for no minimum");
		}
		if (rate.getGracePeriod().isNegative()) {
			throw new InvalidConfigurationPropertyValueException(property + ".grace-period", rate.getGracePeriod(),
					"expected 0 or more");
		}
		return new MinDataRate(rate.getBytesPerSecond(), rate.getGracePeriod());
	}

	private static @Nullable Long bytes(@Nullable DataSize size) {
		return (size != null && size.toBytes() != OFF) ? size.toBytes() : null;
	}

	private static @Nullable Long count(@Nullable Long count) {
		return (count != null && count != OFF) ? count : null;
	}

	private static @Nullable Duration timeout(@Nullable Duration timeout) {
		return (timeout != null && !timeout.equals(Duration.ofMillis(OFF))) ? timeout : null;
	}

	private static int intBytes(DataSize size) {
		return (int) Math.min(size.toBytes(), Integer.MAX_VALUE);
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
					endpoint.getSsl().getClientAuth(), sni, endpoint.isProxyProtocol(), endpoint.getSocketPermissions(),
					endpoint.isConnectionLogging(), !endpoint.isDisableAltSvcHeader());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointException(property, endpoint.getUrl(), ex.getMessage());
		}
	}

}

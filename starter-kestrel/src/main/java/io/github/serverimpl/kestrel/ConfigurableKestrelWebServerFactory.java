package io.github.serverimpl.kestrel;

import java.util.List;

import io.github.serverimpl.kestrel.limits.KestrelLimits;
import io.github.serverimpl.kestrel.limits.KestrelStatistics;
import io.github.serverimpl.kestrel.systemd.InheritedSocket;

import org.springframework.boot.web.server.ConfigurableWebServerFactory;

/**
 * What a Kestrel web server factory can be configured with beyond Spring Boot's own settings,
 * whichever Spring stack it serves: the reactive factory and the servlet factory both take it, so
 * {@code server.kestrel.*} reaches either through one customizer.
 */
public interface ConfigurableKestrelWebServerFactory extends ConfigurableWebServerFactory {

	/**
	 * Set the endpoints to listen on. When empty, the inherited port, address, SSL and HTTP/2
	 * settings define one endpoint.
	 * @param endpoints the endpoints
	 */
	void setEndpoints(List<EndpointOptions> endpoints);

	/**
	 * Set the sockets systemd passed to this process, which endpoints with {@code systemd:} URLs
	 * serve; with no endpoints configured, they replace the inherited port.
	 * @param inheritedSockets the sockets, empty when the process was not socket-activated
	 */
	void setInheritedSockets(List<InheritedSocket> inheritedSockets);

	/**
	 * Set whether to send {@code Server: Kestrel}. {@code server.server-header}, when set, wins.
	 * @param addServerHeader whether to add the header
	 */
	void setAddServerHeader(boolean addServerHeader);

	/**
	 * Set the socket transport of the event loops.
	 * @param transport the transport; {@link KestrelTransport#AUTO} takes the best one available
	 */
	void setTransport(KestrelTransport transport);

	/**
	 * Set the limits and timeouts of every endpoint.
	 * @param limits the limits, Kestrel's defaults unless set
	 */
	void setLimits(KestrelLimits limits);

	/**
	 * Set the hosts the server answers for: {@code *}, exact names and {@code *.suffix}; a request
	 * for another host gets 400. Empty (the default) answers any host.
	 * @param allowedHosts the allowed hosts
	 */
	void setAllowedHosts(List<String> allowedHosts);

	/**
	 * Set where servers from this factory count connections and rejections (the source of their
	 * metrics).
	 * @param statistics the statistics
	 */
	void setStatistics(KestrelStatistics statistics);

	/**
	 * Set the customizers applied to each endpoint's server, replacing any added before.
	 * @param customizers the customizers
	 */
	void setServerCustomizers(List<? extends KestrelServerCustomizer> customizers);

}

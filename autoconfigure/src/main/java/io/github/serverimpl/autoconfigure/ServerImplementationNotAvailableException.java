package io.github.serverimpl.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when {@code server.impl} names an implementation that cannot run: none of that name is
 * on the class path or registered, or it does not run on this operating system.
 */
public class ServerImplementationNotAvailableException extends RuntimeException {

	private final String requested;

	private final List<String> available;

	private final String action;

	/**
	 * Create an exception.
	 * @param requested the value of {@code server.impl}
	 * @param available the names of the implementations that are available
	 * @param reason why the requested implementation is not available
	 * @param action what the user can do about it
	 */
	public ServerImplementationNotAvailableException(String requested, Collection<String> available, String reason,
			String action) {
		super("server.impl is '" + requested + "', but " + reason + ". Available: " + available);
		this.requested = requested;
		this.available = List.copyOf(available);
		this.action = action;
	}

	/**
	 * Create the exception for a name that matches no implementation that is present.
	 * @param requested the value of {@code server.impl}
	 * @param customServers the names of the registered custom servers
	 * @param classLoader the class loader the built-in servers were looked for in
	 * @return the exception
	 */
	public static ServerImplementationNotAvailableException notFound(String requested,
			Collection<String> customServers, @Nullable ClassLoader classLoader) {
		List<String> available = available(customServers, classLoader);
		Optional<BuiltInServer> builtIn = BuiltInServer.named(requested);
		if (builtIn.isPresent()) {
			BuiltInServer server = builtIn.get();
			return new ServerImplementationNotAvailableException(requested, available,
					"its starter is not on the class path",
					"Add the dependency " + server.dependency() + " to the application, or set server.impl to one of "
							+ available + ".");
		}
		List<String> missing = Arrays.stream(BuiltInServer.values())
			.filter((server) -> !server.isPresent(classLoader))
			.map((server) -> server.serverName() + " (" + server.dependency() + ")")
			.toList();
		String addable = missing.isEmpty() ? "" : " Servers you can add: " + String.join(", ", missing) + ".";
		return new ServerImplementationNotAvailableException(requested, available,
				"no server implementation of that name is available",
				"Set server.impl to one of " + available + ", or register a "
						+ "io.github.serverimpl.server.CustomServer bean whose getName() returns '" + requested + "'."
						+ addable);
	}

	/**
	 * Create the exception for a servlet application whose {@code server.impl} names a server
	 * that serves WebFlux applications only (HTTP.sys, a custom server) or nothing at all.
	 * @param requested the value of {@code server.impl}
	 * @param customServers the names of the registered custom servers
	 * @param classLoader the class loader the built-in servers were looked for in
	 * @return the exception
	 */
	public static ServerImplementationNotAvailableException forServletApplication(String requested,
			Collection<String> customServers, @Nullable ClassLoader classLoader) {
		boolean kestrel = BuiltInServer.KESTREL.isPresent(classLoader);
		List<String> available = kestrel ? List.of(BuiltInServer.KESTREL.serverName()) : List.of();
		String useKestrel = kestrel ? "Set server.impl=kestrel (or remove it) to serve this application on Kestrel"
				: "Add the dependency " + BuiltInServer.KESTREL.dependency()
						+ " and set server.impl=kestrel to serve this application on Kestrel";
		Optional<BuiltInServer> builtIn = BuiltInServer.named(requested);
		boolean webFluxOnly = (builtIn.isPresent() && builtIn.get() != BuiltInServer.KESTREL)
				|| customServers.stream().anyMatch(requested::equalsIgnoreCase);
		if (webFluxOnly) {
			String name = builtIn.map((server) -> (server == BuiltInServer.HTTPSYS) ? "HTTP.sys" : server.serverName())
				.orElse("the custom server '" + requested + "'");
			return new ServerImplementationNotAvailableException(requested, available,
					name + " serves Spring WebFlux applications only, and this is a Spring MVC (servlet) application",
					useKestrel + ", or build the application on Spring WebFlux to run it on " + name + ".");
		}
		if (builtIn.isPresent()) {
			return new ServerImplementationNotAvailableException(requested, available,
					"its starter is not on the class path", useKestrel + ".");
		}
		return new ServerImplementationNotAvailableException(requested, available,
				"no server implementation of that name is available for a servlet application", useKestrel + ".");
	}

	static List<String> available(Collection<String> customServers, @Nullable ClassLoader classLoader) {
		List<String> available = new ArrayList<>();
		for (BuiltInServer server : BuiltInServer.values()) {
			if (server.isPresent(classLoader) && server.runsHere()) {
				available.add(server.serverName());
			}
		}
		available.addAll(customServers);
		return available;
	}

	/**
	 * Return the value of {@code server.impl}.
	 * @return the requested implementation
	 */
	public String getRequested() {
		return this.requested;
	}

	/**
	 * Return the implementations that are available.
	 * @return their names
	 */
	public List<String> getAvailable() {
		return this.available;
	}

	/**
	 * Return what the user can do about it.
	 * @return the action, as a sentence
	 */
	public String getAction() {
		return this.action;
	}

}

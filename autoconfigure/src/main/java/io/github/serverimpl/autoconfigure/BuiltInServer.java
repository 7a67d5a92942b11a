package io.github.serverimpl.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The server implementations serverimpl ships, each with the class that shows its starter is
 * present and the dependency that adds it.
 */
public enum BuiltInServer {

	/** Kestrel on Reactor Netty, the default. */
	KESTREL("kestrel", "io.github.serverimpl.kestrel.KestrelReactiveWebServerFactory", "kestrel-spring-boot-starter",
			null),

	/** HTTP.sys, the Windows HTTP Server API. */
	HTTPSYS("httpsys", "io.github.serverimpl.httpsys.autoconfigure.HttpSysAutoConfiguration", "httpsys-spring-boot-starter",
			"Windows");

	/** The name of the implementation used when {@code server.impl} is not set. */
	public static final String DEFAULT = KESTREL.serverName;

	private static final String GROUP_ID = "io.github.serverimpl";

	private final String serverName;

	private final String factoryClassName;

	private final String artifactId;

	private final @Nullable String requiredOs;

	BuiltInServer(String serverName, String factoryClassName, String artifactId, @Nullable String requiredOs) {
		this.serverName = serverName;
		this.factoryClassName = factoryClassName;
		this.artifactId = artifactId;
		this.requiredOs = requiredOs;
	}

	/**
	 * Return the name {@code server.impl} selects this server by.
	 * @return the name
	 */
	public String serverName() {
		return this.serverName;
	}

	/**
	 * Return the Maven coordinates of the starter that adds this server.
	 * @return {@code groupId:artifactId}
	 */
	public String dependency() {
		return GROUP_ID + ":" + this.artifactId;
	}

	/**
	 * Return the operating system this server needs, if any.
	 * @return for example {@code Windows}, or {@code null} when it runs anywhere
	 */
	public @Nullable String requiredOs() {
		return this.requiredOs;
	}

	/**
	 * Return whether this server runs on the operating system of this JVM.
	 * @return whether it can run here
	 */
	public boolean runsHere() {
		return this.requiredOs == null || System.getProperty("os.name", "").startsWith(this.requiredOs);
	}

	/**
	 * Return whether this server's starter is on the class path.
	 * @param classLoader the class loader to look in
	 * @return whether the starter is present
	 */
	public boolean isPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(this.factoryClassName, classLoader);
	}

	/**
	 * Find a built-in server by name.
	 * @param name the name, in any case
	 * @return the server, if the name is one of the built-in ones
	 */
	public static Optional<BuiltInServer> named(@Nullable String name) {
		if (name == null) {
			return Optional.empty();
		}
		String normalized = name.trim().toLowerCase(Locale.ROOT);
		return Arrays.stream(values()).filter((server) -> server.serverName.equals(normalized)).findFirst();
	}

}

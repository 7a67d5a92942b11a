package io.github.serverimpl.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Selection of the web server implementation.
 */
@ConfigurationProperties("server")
public class ServerImplProperties {

	/**
	 * Web server implementation to run on: 'kestrel', 'httpsys', or the name of a registered
	 * CustomServer bean. Unset means Kestrel when its starter is present.
	 */
	private @Nullable String impl;

	public @Nullable String getImpl() {
		return this.impl;
	}

	public void setImpl(@Nullable String impl) {
		this.impl = impl;
	}

}

package io.github.serverimpl.httpsys;

import io.github.serverimpl.httpsys.nativeapi.HttpApiLibrary;

/**
 * What HTTP.sys tells a client it rejects because the queue is full or gone, as
 * {@code HTTP_503_RESPONSE_VERBOSITY}.
 */
public enum Http503Verbosity {

	/** Reset the connection, send no 503 (HTTP.sys's default). */
	BASIC(HttpApiLibrary.Http503ResponseVerbosityBasic),

	/** A 503 "Service Unavailable". */
	LIMITED(HttpApiLibrary.Http503ResponseVerbosityLimited),

	/** A 503 with the detailed reason. */
	FULL(HttpApiLibrary.Http503ResponseVerbosityFull);

	private final int value;

	Http503Verbosity(int value) {
		this.value = value;
	}

	int value() {
		return this.value;
	}

}

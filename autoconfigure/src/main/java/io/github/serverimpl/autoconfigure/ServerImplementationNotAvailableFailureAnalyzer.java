package io.github.serverimpl.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link ServerImplementationNotAvailableException}: what was asked for, what is
 * available, and how to add the missing server.
 */
class ServerImplementationNotAvailableFailureAnalyzer
		extends AbstractFailureAnalyzer<ServerImplementationNotAvailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ServerImplementationNotAvailableException cause) {
		return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
	}

}

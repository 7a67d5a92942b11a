package io.github.serverimpl.kestrel.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidEndpointException}.
 */
class InvalidEndpointFailureAnalyzer extends AbstractFailureAnalyzer<InvalidEndpointException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidEndpointException cause) {
		String value = (cause.getValue() != null) ? "'" + cause.getValue() + "'" : "not set";
		return new FailureAnalysis("Kestrel endpoint property " + cause.getProperty() + " is " + value + ": "
				+ cause.getReason() + ".",
				"Update " + cause.getProperty() + " in the application's configuration.", cause);
	}

}

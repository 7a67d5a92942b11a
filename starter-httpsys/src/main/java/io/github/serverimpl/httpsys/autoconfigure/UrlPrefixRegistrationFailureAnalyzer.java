package io.github.serverimpl.httpsys.autoconfigure;

import io.github.serverimpl.httpsys.UrlPrefix;
import io.github.serverimpl.httpsys.UrlPrefixRegistrationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a {@link UrlPrefixRegistrationException}: the {@code netsh} command that grants the
 * URL ACL, or how to find who holds the prefix.
 */
class UrlPrefixRegistrationFailureAnalyzer extends AbstractFailureAnalyzer<UrlPrefixRegistrationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UrlPrefixRegistrationException cause) {
		String prefix = cause.getPrefix();
		if (cause.isAccessDenied()) {
			return new FailureAnalysis("HTTP.sys refused to register the URL prefix " + prefix + " for account "
					+ cause.getAccount() + ": the account may not listen on it (no URL ACL reserves it, and the"
					+ " process is not elevated).",
					"Reserve the prefix for the account once, from an elevated prompt:" + System.lineSeparator()
							+ "    netsh http add urlacl url=" + prefix + " user=" + cause.getAccount()
							+ System.lineSeparator() + "or run the application as an administrator, or choose a"
							+ " prefix in server.httpsys.url-prefixes that is reserved for it already.",
					cause);
		}
		return new FailureAnalysis("HTTP.sys refused to register the URL prefix " + prefix
				+ ": another application (or another instance of this one) registered it already.",
				"Stop the application that holds the prefix (see: netsh http show servicestate), or choose another"
						+ " prefix or port in server.httpsys.url-prefixes" + portHint(prefix) + ".",
				cause);
	}

	private static String portHint(String prefix) {
		try {
			return " (this one uses port " + UrlPrefix.parse(prefix).port() + ")";
		}
		catch (IllegalArgumentException ex) {
			return "";
		}
	}

}

package io.github.serverimpl.httpsys.autoconfigure;

import io.github.serverimpl.httpsys.UrlPrefixRegistrationException;
import io.github.serverimpl.httpsys.nativeapi.HttpApiException;
import io.github.serverimpl.httpsys.nativeapi.HttpApiLibrary;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reports for a URL prefix HTTP.sys refused.
 */
class UrlPrefixRegistrationFailureAnalyzerTests {

	private final UrlPrefixRegistrationFailureAnalyzer analyzer = new UrlPrefixRegistrationFailureAnalyzer();

	@Test
	void aMissingUrlAclGetsTheNetshCommandThatGrantsIt() {
		FailureAnalysis analysis = analyze(HttpApiLibrary.ERROR_ACCESS_DENIED);
		assertThat(analysis.getDescription()).contains("http://+:8080/", "CORP\\svc-orders", "no URL ACL");
		assertThat(analysis.getAction()).contains("netsh http add urlacl url=http://+:8080/ user=CORP\\svc-orders");
	}

	@Test
	void aPrefixRegisteredElsewhereSaysSoAndHowToFindTheHolder() {
		FailureAnalysis analysis = analyze(HttpApiLibrary.ERROR_ALREADY_EXISTS);
		assertThat(analysis.getDescription()).contains("http://+:8080/", "registered it already");
		assertThat(analysis.getAction()).contains("netsh http show servicestate", "port 8080");
	}

	private FailureAnalysis analyze(int errorCode) {
		UrlPrefixRegistrationException failure = new UrlPrefixRegistrationException("http://+:8080/", "CORP\\svc-orders",
				new HttpApiException("HttpAddUrlToUrlGroup", errorCode));
		return this.analyzer.analyze(new IllegalStateException("start failed", failure));
	}

}

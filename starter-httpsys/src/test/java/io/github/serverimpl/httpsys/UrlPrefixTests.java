package io.github.serverimpl.httpsys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * URL prefixes read as HTTP.sys and ASP.NET Core read them.
 */
class UrlPrefixTests {

	@Test
	void lowerCasesTheSchemeDefaultsThePortAndEndsThePathWithASlash() {
		assertThat(UrlPrefix.parse("HTTP://example.com/app")).hasToString("http://example.com:80/app/");
		assertThat(UrlPrefix.parse("https://example.com")).hasToString("https://example.com:443/");
		assertThat(UrlPrefix.parse("http://[::1]:8080/")).satisfies((prefix) -> {
			assertThat(prefix.host()).isEqualTo("[::1]");
			assertThat(prefix.port()).isEqualTo(8080);
		});
	}

	@Test
	void knowsTopLevelWildcardsFromScopedOnes() {
		assertThat(UrlPrefix.parse("http://+:80/").isTopLevelWildcard()).isTrue();
		assertThat(UrlPrefix.parse("http://*:80/").isTopLevelWildcard()).isTrue();
		assertThat(UrlPrefix.parse("http://+:80/api/").isTopLevelWildcard()).isFalse();
		assertThat(UrlPrefix.parse("http://example.com:80/").isTopLevelWildcard()).isFalse();
	}

	@Test
	void rejectsWhatHttpSysCannotRegister() {
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPrefix.parse("ftp://example.com/"))
			.withMessageContaining("neither http nor https");
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPrefix.parse("http://xn--bcher-kva.example/"))
			.withMessageContaining("punycode");
		assertThatIllegalArgumentException().isThrownBy(() -> UrlPrefix.parse("http://localhost:0/"))
			.withMessageContaining("no dynamic ports");
	}

}

package io.github.serverimpl.forwarded;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Forwarded headers are applied from trusted proxies only, right to left, up to the limit.
 */
@ExtendWith(OutputCaptureExtension.class)
class TrustedForwardedHeaderTransformerTests {

	private static final Set<ForwardedHeader> X_FORWARDED = EnumSet.of(ForwardedHeader.X_FORWARDED_FOR,
			ForwardedHeader.X_FORWARDED_PROTO, ForwardedHeader.X_FORWARDED_HOST, ForwardedHeader.X_FORWARDED_PREFIX);

	private TrustedForwardedHeaderTransformer transformer(Set<ForwardedHeader> headers, Integer limit,
			String... networks) {
		return new TrustedForwardedHeaderTransformer(new ForwardedHeadersOptions(headers,
				List.of(InetAddress.getLoopbackAddress()), List.of(networks).stream().map(IpNetwork::parse).toList(),
				limit, false, List.of()));
	}

	private TrustedForwardedHeaderTransformer defaults() {
		return transformer(X_FORWARDED, 1, "127.0.0.0/8");
	}

	private static MockServerHttpRequest.BaseBuilder<?> from(String peer) {
		return MockServerHttpRequest.get("http://app.internal:8080/whoami")
			.remoteAddress(new InetSocketAddress(peer, 40000));
	}

	@Test
	void appliesTheRightmostEntriesFromATrustedProxy() {
		ServerHttpRequest request = defaults().apply(from("127.0.0.1").header("X-Forwarded-For", "203.0.113.7")
			.header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "shop.example:8443").build());
		assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.7");
		assertThat(request.getURI()).hasToString("https://shop.example:8443/whoami");
		assertThat(request.getHeaders().getFirst("X-Original-For")).isEqualTo("127.0.0.1:40000");
		assertThat(request.getHeaders().getFirst("X-Original-Proto")).isEqualTo("http");
		assertThat(request.getHeaders().containsHeader("X-Forwarded-For")).isFalse();
	}

	@Test
	void ignoresEveryForwardedHeaderFromAnUntrustedPeerAndWarnsOnce(CapturedOutput output) {
		TrustedForwardedHeaderTransformer transformer = defaults();
		for (int i = 0; i < 2; i++) {
			ServerHttpRequest request = transformer.apply(from("192.0.2.9").header("X-Forwarded-For", "203.0.113.7")
				.header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "evil.example")
				.header("X-Forwarded-Prefix", "/evil").build());
			assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("192.0.2.9");
			assertThat(request.getURI()).hasToString("http://app.internal:8080/whoami");
			assertThat(request.getPath().contextPath().value()).isEmpty();
		}
		assertThat(transformer.getUntrustedRequestCount()).isEqualTo(2);
		assertThat(output).containsOnlyOnce("Forwarded headers from 192.0.2.9 were ignored")
			.contains("server.forwarded-headers.known-proxies");
	}

	@Test
	void consumesOnlyAsManyEntriesAsTheForwardLimitAllows() {
		ServerHttpRequest request = defaults().apply(from("127.0.0.1")
			.header("X-Forwarded-For", "6.6.6.6, 203.0.113.7").header("X-Forwarded-Proto", "gopher, https").build());
		assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.7");
		assertThat(request.getURI().getScheme()).isEqualTo("https");
		assertThat(request.getHeaders().getFirst("X-Forwarded-For")).isEqualTo("6.6.6.6");
	}

	@Test
	void followsAChainOfTrustedProxiesAndStopsAtTheFirstUntrustedHop() {
		TrustedForwardedHeaderTransformer transformer = transformer(X_FORWARDED, null, "127.0.0.0/8", "10.0.0.0/8");
		ServerHttpRequest request = transformer.apply(from("127.0.0.1")
			.header("X-Forwarded-For", "6.6.6.6, 198.51.100.4, 10.1.1.1").build());
		assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("198.51.100.4");
		assertThat(request.getHeaders().getFirst("X-Forwarded-For")).isEqualTo("6.6.6.6");
	}

	@Test
	void ipv4MappedPeersMatchTheirIpv4Network() {
		ServerHttpRequest request = defaults()
			.apply(from("::ffff:127.0.0.1").header("X-Forwarded-For", "203.0.113.7").build());
		assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.7");
	}

	@Test
	void prefixBecomesTheContextPath() {
		ServerHttpRequest request = defaults()
			.apply(from("127.0.0.1").header("X-Forwarded-Prefix", "/app/").build());
		assertThat(request.getPath().contextPath().value()).isEqualTo("/app");
		assertThat(request.getPath().pathWithinApplication().value()).isEqualTo("/whoami");
		assertThat(request.getURI().getPath()).isEqualTo("/app/whoami");
	}

	@Test
	void aPrefixThatIsNoPathIsIgnoredInsteadOfFailingTheRequest() {
		// Found by FrontEndFuzzTests: a control character, or only slashes after a dot, made the request fail.
		for (String prefix : List.of("/a\u0001b", "/a b", "/50%", "/a?b", "/a#b")) {
			ServerHttpRequest request = defaults()
				.apply(from("127.0.0.1").header("X-Forwarded-Prefix", prefix).header("X-Forwarded-Proto", "https").build());
			assertThat(request.getPath().contextPath().value()).as(prefix).isEmpty();
			assertThat(request.getURI().getPath()).as(prefix).isEqualTo("/whoami");
			assertThat(request.getURI().getScheme()).as("the rest still applies").isEqualTo("https");
		}
		for (String prefix : List.of("/", "///", "/.////", "/app/../admin", "/./x", "/a//b")) {
			ServerHttpRequest request = defaults()
				.apply(from("127.0.0.1").header("X-Forwarded-Prefix", prefix).build());
			assertThat(request.getPath().contextPath().value()).as(prefix).isEmpty();
		}
		assertThat(defaults().apply(from("127.0.0.1").header("X-Forwarded-Prefix", "/%9\u06f9").build()).getPath()
			.contextPath().value()).as("an escape of non-ASCII digits").isEmpty();
		ServerHttpRequest badHost = defaults().apply(from("127.0.0.1").header("X-Forwarded-Host", "[1.2]").build());
		assertThat(badHost.getURI().getHost()).as("a host that is no URI host is ignored").isEqualTo("app.internal");
		assertThat(defaults().apply(from("127.0.0.1").header("X-Forwarded-Prefix", "/app//").build()).getPath()
			.contextPath().value()).isEqualTo("/app");
		ServerHttpRequest escaped = defaults()
			.apply(from("127.0.0.1").header("X-Forwarded-Prefix", "/caf%C3%A9;v=1").build());
		assertThat(escaped.getPath().contextPath().value()).isEqualTo("/caf%C3%A9;v=1");
	}

	@Test
	void readsRfc7239Forwarded() {
		TrustedForwardedHeaderTransformer transformer = transformer(EnumSet.of(ForwardedHeader.FORWARDED), 1,
				"127.0.0.0/8");
		ServerHttpRequest request = transformer.apply(from("127.0.0.1")
			.header("Forwarded", "for=6.6.6.6;proto=gopher", "for=\"[2001:db8::7]:4711\";proto=https;host=shop.example")
			.build());
		assertThat(request.getRemoteAddress()).isEqualTo(new InetSocketAddress("2001:db8::7", 4711));
		assertThat(request.getURI()).hasToString("https://shop.example/whoami");
	}

	@Test
	void headersThatAreNotEnabledAreNotApplied() {
		TrustedForwardedHeaderTransformer transformer = transformer(EnumSet.of(ForwardedHeader.X_FORWARDED_FOR), 1,
				"127.0.0.0/8");
		ServerHttpRequest request = transformer.apply(from("127.0.0.1").header("X-Forwarded-For", "203.0.113.7")
			.header("X-Forwarded-Proto", "https").build());
		assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.7");
		assertThat(request.getURI().getScheme()).isEqualTo("http");
	}

	@Test
	void aHostOutsideAllowedHostsStopsProcessing() {
		TrustedForwardedHeaderTransformer transformer = new TrustedForwardedHeaderTransformer(
				new ForwardedHeadersOptions(X_FORWARDED, List.of(), List.of(IpNetwork.parse("127.0.0.0/8")), 1, false,
						List.of("*.example.com")));
		assertThat(transformer.apply(from("127.0.0.1").header("X-Forwarded-Host", "a.example.com").build()).getURI()
			.getHost()).isEqualTo("a.example.com");
		assertThat(transformer.apply(from("127.0.0.1").header("X-Forwarded-Host", "evil.test").build()).getURI()
			.getHost()).isEqualTo("app.internal");
	}

	@Test
	void asymmetricHeadersAreIgnoredWhenSymmetryIsRequired() {
		TrustedForwardedHeaderTransformer transformer = new TrustedForwardedHeaderTransformer(
				new ForwardedHeadersOptions(X_FORWARDED, List.of(), List.of(IpNetwork.parse("127.0.0.0/8")), null, true,
						List.of()));
		ServerHttpRequest request = transformer.apply(from("127.0.0.1").header("X-Forwarded-For", "1.1.1.1, 2.2.2.2")
			.header("X-Forwarded-Proto", "https").build());
		assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
	}

	@Test
	void anUnparsableForEntryStopsProcessing() {
		ServerHttpRequest request = defaults().apply(from("127.0.0.1").header("X-Forwarded-For", "unknown")
			.header("X-Forwarded-Proto", "https").build());
		assertThat(request.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
		assertThat(request.getURI().getScheme()).isEqualTo("http");
	}

}

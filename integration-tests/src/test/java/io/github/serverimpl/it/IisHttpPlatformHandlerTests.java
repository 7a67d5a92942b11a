package io.github.serverimpl.it;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged demos started as IIS's HttpPlatformHandler starts a process: with
 * {@code HTTP_PLATFORM_PORT} in its environment, sent requests from loopback with the module's
 * {@code X-Forwarded-For} (client address and port) and {@code X-Forwarded-Proto}. IIS itself
 * runs only on Windows; this is the part of the contract a Linux machine can check.
 */
class IisHttpPlatformHandlerTests extends AbstractDemoTests {

	@ParameterizedTest
	@EnumSource(Demo.class)
	void listensWhereTheModuleForwardsInsteadOfTheConfiguredEndpointAndTrustsItsHeaders(Demo which)
			throws Exception {
		int port = TestPorts.next();
		this.demo = DemoProcess.launch(which, this.temp.resolve("demo.log"),
				Map.of("HTTP_PLATFORM_PORT", String.valueOf(port)), List.of());
		this.demo.awaitStarted();
		assertThat(RawHttp.get(port, "/server/addresses", 10_000))
			.endsWith("[\"http://127.0.0.1:" + port + "\"]");
		String whoami = RawHttp.get(port, "/whoami", 10_000, "X-Forwarded-For: 203.0.113.9:50123",
				"X-Forwarded-Proto: https");
		assertThat(whoami).startsWith("HTTP/1.1 200")
			.contains("\"remoteAddress\":\"203.0.113.9\"")
			.contains("\"scheme\":\"https\"");
		assertThat(this.demo.logText()).contains("HTTP_PLATFORM_PORT is set: IIS's HttpPlatformHandler forwards to "
				+ "http://127.0.0.1:" + port + ", so Kestrel listens there only, not on the configured endpoints [http]");
	}

}

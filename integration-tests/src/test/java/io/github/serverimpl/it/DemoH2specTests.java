package io.github.serverimpl.it;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.serverimpl.testsupport.H2spec;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * h2spec {@code --strict} against the packaged demos as users run them, on an h2c endpoint: at
 * {@code /} (answered without reading a body) and at {@code /echo} (the body read and sent back),
 * for the WebFlux and the Spring MVC demo. The protocol's rules hold whatever the application does
 * and whenever it answers: the only failures allowed are those answered inside Netty's codec.
 */
@EnabledOnOs(value = OS.LINUX, architectures = "amd64")
class DemoH2specTests extends AbstractDemoTests {

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "WEBFLUX, /", "WEBFLUX, /echo", "MVC, /", "MVC, /echo" })
	void strictConformanceFailsOnlyTheCasesAnsweredInsideNetty(Demo which, String path) throws Exception {
		int port = TestPorts.next();
		this.demo = DemoProcess.start(which, this.temp.resolve("demo.log"),
				"--server.kestrel.endpoints.h2c.url=http://127.0.0.1:" + port,
				"--server.kestrel.endpoints.h2c.protocols=http2");
		Path work = Files.createDirectory(this.temp.resolve("h2spec"));
		H2spec.Results results = H2spec.run(work, port, path);
		System.out.println("h2spec --strict, " + which + " " + path + ": " + results);
		assertThat(results.total()).as(results.log()).isEqualTo(H2spec.STRICT_CASES);
		assertThat(results.unexplained()).as("h2spec failures outside Netty's:%n%s", results.log()).isEmpty();
	}

}

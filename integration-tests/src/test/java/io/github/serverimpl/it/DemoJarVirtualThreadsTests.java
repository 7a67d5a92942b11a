package io.github.serverimpl.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code spring.threads.virtual.enabled=true} serves the Spring MVC demo's requests on virtual
 * threads, on a Java runtime that has them: the demo jar (built for Java 17) runs on the Java 25
 * this machine keeps beside the default 17.
 */
class DemoJarVirtualThreadsTests extends AbstractDemoTests {

	/** Where the Java 25 runtime lies on these machines. */
	private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

	@Test
	void servletRequestsRunOnVirtualThreadsWhenTurnedOn() throws Exception {
		assumeTrue(Files.isExecutable(JAVA_25.resolve("bin/java")), "no Java 25 at " + JAVA_25);
		int port = TestPorts.next();
		this.demo = DemoProcess.startOn(Demo.MVC, JAVA_25, this.temp.resolve("virtual.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + port, "--spring.threads.virtual.enabled=true");
		assertThat(thread(port)).startsWith("VirtualThread");
		this.demo.close();
		this.demo = null;
		int platformPort = TestPorts.next();
		this.demo = DemoProcess.startOn(Demo.MVC, JAVA_25, this.temp.resolve("platform.log"),
				"--server.kestrel.endpoints.http.url=http://127.0.0.1:" + platformPort);
		assertThat(thread(platformPort)).doesNotStartWith("VirtualThread");
	}

	private static String thread(int port) throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/thread"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		return response.body();
	}

}

package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.jar.JarFile;

import io.netty.util.Version;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fails when the resolved Netty or Reactor Netty falls below the versions the build pins (for
 * security fixes), for example because a dependency management change let Spring Boot's older
 * versions back in.
 */
class DependencyVersionsTests {

	@Test
	void nettyIsAtLeast4_2_18() {
		String netty = Version.identify().get("netty-codec-http").artifactVersion();
		assertThat(compare(netty, "4.2.18")).as("Netty " + netty).isGreaterThanOrEqualTo(0);
	}

	@Test
	void reactorNettyIsAtLeast1_3_7() throws IOException, URISyntaxException {
		Path jar = Path.of(HttpServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		try (JarFile file = new JarFile(jar.toFile())) {
			String version = file.getManifest().getMainAttributes().getValue("Bundle-Version");
			assertThat(compare(version, "1.3.7")).as("Reactor Netty " + version).isGreaterThanOrEqualTo(0);
		}
	}

	@Test
	void springBootIs4_1() {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.1.");
	}

	static int compare(String version, String minimum) {
		String[] actual = version.split("[.-]");
		String[] wanted = minimum.split("\\.");
		for (int i = 0; i < wanted.length; i++) {
			int difference = Integer.parseInt(actual[i]) - Integer.parseInt(wanted[i]);
			if (difference != 0) {
				return difference;
			}
		}
		return 0;
	}

}

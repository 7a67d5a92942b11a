package io.github.serverimpl.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The report a user reads when {@code server.impl} names nothing available.
 */
class ServerImplementationNotAvailableFailureAnalyzerTests {

	@Test
	void describesTheRequestAndWhatIsAvailableAndSaysHowToAddTheServer() {
		ServerImplementationNotAvailableException ex = ServerImplementationNotAvailableException.notFound("nonesuch",
				List.of("jdk"), getClass().getClassLoader());
		FailureAnalysis analysis = new ServerImplementationNotAvailableFailureAnalyzer()
			.analyze(new BeanCreationException("factory", ex));
		assertThat(analysis.getDescription())
			.isEqualTo("server.impl is 'nonesuch', but no server implementation of that name is available. "
					+ "Available: [jdk]");
		assertThat(analysis.getAction()).startsWith("Set server.impl to one of [jdk], or register a "
				+ "io.github.serverimpl.server.CustomServer bean whose getName() returns 'nonesuch'.")
			.contains("kestrel (io.github.serverimpl:kestrel-spring-boot-starter)")
			.contains("httpsys (io.github.serverimpl:httpsys-spring-boot-starter)");
	}

	@Test
	void aBuiltInServerWithoutItsStarterNamesTheDependency() {
		ServerImplementationNotAvailableException ex = ServerImplementationNotAvailableException.notFound("Kestrel",
				List.of(), getClass().getClassLoader());
		assertThat(ex.getAction()).startsWith("Add the dependency io.github.serverimpl:kestrel-spring-boot-starter");
	}

	@Test
	void isRegisteredAsAFailureAnalyzer() {
		assertThat(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, getClass().getClassLoader()))
			.contains(ServerImplementationNotAvailableFailureAnalyzer.class.getName());
	}

}

package io.github.serverimpl.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deployment recipe from {@code docs/deploy/}, loaded verbatim and templated only for ports and
 * paths, so the recipes we ship are the recipes we test.
 */
final class Recipe {

	private static final Path DOCS = Path.of("..", "docs", "deploy");

	private final String name;

	private String text;

	private Recipe(String name, String text) {
		this.name = name;
		this.text = text;
	}

	static Recipe load(String name) throws IOException {
		return new Recipe(name, Files.readString(DOCS.resolve(name), StandardCharsets.UTF_8));
	}

	/**
	 * Replace a port or path; fails when the recipe no longer contains it, so a recipe change
	 * cannot silently escape the tests.
	 */
	Recipe replace(String target, String replacement) {
		assertThat(this.text).as("recipe %s", this.name).contains(target);
		this.text = this.text.replace(target, replacement);
		return this;
	}

	/**
	 * Move a listener from its documented port to a loopback port of the test: Nginx's
	 * {@code listen 80} and Apache's {@code <VirtualHost *:80>}.
	 */
	Recipe listen(int documentedPort, int port) {
		String before = this.text;
		this.text = this.text.replaceAll("(?m)^(\\s*listen\\s+)" + documentedPort + "\\b", "$1127.0.0.1:" + port)
			.replace("<VirtualHost *:" + documentedPort + ">", "<VirtualHost 127.0.0.1:" + port + ">");
		assertThat(this.text).as("recipe %s listens on %s", this.name, documentedPort).isNotEqualTo(before);
		return this;
	}

	String text() {
		return this.text;
	}

}

package io.github.serverimpl.it;

import java.nio.file.Path;

import org.testcontainers.images.builder.ImageFromDockerfile;

/**
 * The proxy images, named in one place: Debian bookworm's own Nginx and Apache packages, built
 * from the Dockerfiles under {@code integration-tests/docker/} with host networking (so that
 * {@code apt-get} reaches Debian's mirror on machines without a container registry).
 */
final class ProxyImages {

	/** Nginx 1.22 with the stream module, from Debian bookworm. */
	static final ImageFromDockerfile NGINX = image("serverimpl-it/nginx", "nginx");

	/** Apache httpd 2.4 with mod_proxy_http, mod_proxy_http2, mod_proxy_wstunnel and mod_ssl. */
	static final ImageFromDockerfile APACHE = image("serverimpl-it/apache", "apache");

	private ProxyImages() {
	}

	private static ImageFromDockerfile image(String name, String folder) {
		return new ImageFromDockerfile(name, false)
			.withFileFromPath(".", Path.of("docker", folder))
			.withBuildImageCmdModifier((command) -> command.withNetworkMode("host"));
	}

}

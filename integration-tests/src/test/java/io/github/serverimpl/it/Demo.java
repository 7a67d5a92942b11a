package io.github.serverimpl.it;

import java.nio.file.Path;

/**
 * The two packaged demo applications, one per Spring web stack, serving the same demo contract.
 */
enum Demo {

	/** {@code demo-app}: Spring WebFlux. */
	WEBFLUX("demo-app", "DemoApplication"),

	/** {@code demo-app-mvc}: Spring MVC on the servlet API, with Spring Boot's Tomcat on the classpath. */
	MVC("demo-app-mvc", "MvcDemoApplication");

	private final String module;

	private final String mainClass;

	Demo(String module, String mainClass) {
		this.module = module;
		this.mainClass = mainClass;
	}

	/**
	 * Return the line Spring Boot logs once the demo has started.
	 * @return for example {@code Started DemoApplication}
	 */
	String startedLine() {
		return "Started " + this.mainClass + " ";
	}

	/**
	 * Return the packaged jar.
	 * @return {@code ../<module>/target/<module>.jar}
	 */
	Path jar() {
		return Path.of("..", this.module, "target", this.module + ".jar");
	}

}

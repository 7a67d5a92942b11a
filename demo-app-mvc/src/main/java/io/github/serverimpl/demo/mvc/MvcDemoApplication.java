package io.github.serverimpl.demo.mvc;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The Spring MVC demo application. Runs on Kestrel: the starter is on the classpath, so Kestrel
 * serves it although Spring Boot's Tomcat is there too.
 *
 * @see DemoController
 * @see ServletDemoController
 */
@SpringBootApplication
public class MvcDemoApplication {

	/**
	 * Start the application.
	 * @param args the command-line arguments, for example
	 * {@code --server.kestrel.endpoints.http.url=http://127.0.0.1:5000}
	 */
	public static void main(String[] args) {
		SpringApplication.run(MvcDemoApplication.class, args);
	}

}

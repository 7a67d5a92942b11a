package io.github.serverimpl.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo application. Runs on Kestrel unless {@code server.impl} names another server.
 *
 * @see DemoRoutes
 */
@SpringBootApplication
public class DemoApplication {

	/**
	 * Start the application.
	 * @param args the command-line arguments, for example {@code --server.impl=kestrel}
	 */
	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}

package io.github.serverimpl.it;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of a packaged demo started as its own process: its log goes to a temporary directory, and
 * after each test the demo is stopped, which fails the test if it reported a leaked Netty buffer.
 */
abstract class AbstractDemoTests {

	@TempDir
	Path temp;

	/** The demo the test started, if any. */
	DemoProcess demo;

	@AfterEach
	void stopDemo() throws InterruptedException {
		if (this.demo != null) {
			this.demo.close();
		}
	}

}

package io.github.serverimpl.it;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * {@link NginxIntegrationTests}'s recipes and tests with the Spring MVC demo behind Nginx: the same answers from the
 * servlet stack, the trusted forwarded headers (the prefix as the servlet context path included).
 */
class MvcNginxIntegrationTests extends NginxIntegrationTests {

	@Override
	Demo demo() {
		return Demo.MVC;
	}

	@Override
	@Test
	@Disabled("WebSocket on the servlet stack is not served yet")
	void webSocketEchoesThroughNginx() {
	}

}

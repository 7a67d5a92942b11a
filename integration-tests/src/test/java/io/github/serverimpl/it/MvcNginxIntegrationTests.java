package io.github.serverimpl.it;

/**
 * {@link NginxIntegrationTests}'s recipes and tests with the Spring MVC demo behind Nginx: the same answers from the
 * servlet stack, the trusted forwarded headers (the prefix as the servlet context path included).
 */
class MvcNginxIntegrationTests extends NginxIntegrationTests {

	@Override
	Demo demo() {
		return Demo.MVC;
	}

}

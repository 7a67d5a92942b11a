package io.github.serverimpl.it;

/**
 * {@link ApacheIntegrationTests}'s recipes and tests with the Spring MVC demo behind Apache: the same answers from the
 * servlet stack, the trusted forwarded headers (the prefix as the servlet context path included).
 */
class MvcApacheIntegrationTests extends ApacheIntegrationTests {

	@Override
	Demo demo() {
		return Demo.MVC;
	}

}

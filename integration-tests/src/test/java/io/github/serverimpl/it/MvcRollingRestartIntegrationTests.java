package io.github.serverimpl.it;

/**
 * {@link RollingRestartIntegrationTests} with the Spring MVC demo: the same rolling restart behind
 * Nginx, no request failed, the in-flight {@code SseEmitter} stream runs to its end.
 */
class MvcRollingRestartIntegrationTests extends RollingRestartIntegrationTests {

	@Override
	Demo demo() {
		return Demo.MVC;
	}

}

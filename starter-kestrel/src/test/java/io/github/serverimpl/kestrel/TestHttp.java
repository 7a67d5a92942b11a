package io.github.serverimpl.kestrel;

/**
 * The plain HTTP/1.1 client of {@link TestClients}, for tests in other packages.
 */
public final class TestHttp {

	private TestHttp() {
	}

	/** A response as the client saw it. */
	public record Response(int status, String body, String server) {
	}

	public static Response get(String url) {
		TestClients.Response response = TestClients.get(url);
		return new Response(response.status(), response.body(), response.server());
	}

}

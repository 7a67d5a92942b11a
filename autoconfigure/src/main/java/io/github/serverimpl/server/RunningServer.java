package io.github.serverimpl.server;

import java.util.List;

/**
 * A started {@link CustomServer}.
 */
public interface RunningServer {

	/**
	 * Return the addresses the server bound, in display form.
	 * @return for example {@code [http://127.0.0.1:54321]}
	 * @see io.github.serverimpl.features.ServerAddress
	 */
	List<String> getAddresses();

	/**
	 * Stop the server: stop accepting, close connections, release resources.
	 */
	void stop();

}

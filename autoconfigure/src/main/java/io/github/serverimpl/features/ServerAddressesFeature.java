package io.github.serverimpl.features;

import java.util.Collection;
import java.util.List;

/**
 * The addresses a server actually bound, in display form: {@code http://127.0.0.1:54321},
 * {@code https://[::]:8443}, {@code http://unix:/run/app.sock}. A dynamic port (0) shows the
 * port the operating system chose. Empty until the server has started.
 */
public final class ServerAddressesFeature {

	private volatile List<String> addresses = List.of();

	/**
	 * Return the bound addresses, in the order the endpoints were configured.
	 * @return the addresses, empty before the server starts and after it stops
	 */
	public List<String> getAddresses() {
		return this.addresses;
	}

	/**
	 * Replace the bound addresses. Called by the server when it starts and stops.
	 * @param addresses the addresses now bound
	 */
	public void setAddresses(Collection<String> addresses) {
		this.addresses = List.copyOf(addresses);
	}

	@Override
	public String toString() {
		return this.addresses.toString();
	}

}

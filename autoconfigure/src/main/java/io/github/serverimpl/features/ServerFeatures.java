package io.github.serverimpl.features;

/**
 * The server-level features of the running web server, exposed as a bean. It always holds a
 * {@link ServerAddressesFeature}; a server adds the features it offers when it starts.
 *
 * @see ServerAddressesFeature
 */
public final class ServerFeatures extends FeatureCollection {

	/**
	 * Create a collection that holds the given addresses feature.
	 * @param addresses the addresses feature to expose
	 */
	public ServerFeatures(ServerAddressesFeature addresses) {
		set(ServerAddressesFeature.class, addresses);
	}

	/**
	 * Create a collection with a new, empty addresses feature.
	 */
	public ServerFeatures() {
		this(new ServerAddressesFeature());
	}

	/**
	 * Return the addresses feature.
	 * @return the addresses the server bound
	 */
	public ServerAddressesFeature getAddresses() {
		ServerAddressesFeature addresses = get(ServerAddressesFeature.class);
		if (addresses == null) {
			throw new IllegalStateException("ServerAddressesFeature was removed from the server features");
		}
		return addresses;
	}

}

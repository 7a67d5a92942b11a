package io.github.serverimpl.kestrel;

import java.util.ArrayList;
import java.util.List;

import reactor.netty.http.HttpProtocol;

/**
 * The HTTP versions an endpoint serves, as Kestrel's {@code HttpProtocols}.
 */
public enum HttpProtocols {

	/** HTTP/1.1 only. */
	HTTP1(true, false),

	/** HTTP/2 only: h2 over TLS (ALPN), h2c with prior knowledge on clear text. */
	HTTP2(false, true),

	/**
	 * HTTP/1.1 and HTTP/2 (Kestrel's default): over TLS chosen by ALPN; on clear text HTTP/1.1,
	 * h2c with prior knowledge and h2c upgrade.
	 */
	HTTP1_AND_HTTP2(true, true),

	/**
	 * HTTP/1.1, HTTP/2 and HTTP/3, as Kestrel names it. Not supported yet: an endpoint that asks
	 * for it stops start-up with a message.
	 */
	HTTP1_AND_HTTP2_AND_HTTP3(true, true);

	private final boolean http1;

	private final boolean http2;

	HttpProtocols(boolean http1, boolean http2) {
		this.http1 = http1;
		this.http2 = http2;
	}

	/**
	 * Return whether HTTP/2 is among the protocols.
	 * @return whether HTTP/2 is served
	 */
	public boolean includesHttp2() {
		return this.http2;
	}

	/**
	 * Return the Reactor Netty protocols for an endpoint.
	 * @param secure whether the endpoint uses TLS
	 * @return the protocols to configure
	 */
	HttpProtocol[] toReactorNetty(boolean secure) {
		List<HttpProtocol> protocols = new ArrayList<>(2);
		if (this.http1) {
			protocols.add(HttpProtocol.HTTP11);
		}
		if (this.http2) {
			protocols.add(secure ? HttpProtocol.H2 : HttpProtocol.H2C);
		}
		return protocols.toArray(HttpProtocol[]::new);
	}

}

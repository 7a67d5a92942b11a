package io.github.serverimpl.kestrel;

import java.util.ArrayList;
import java.util.List;

import reactor.netty.http.HttpProtocol;

/**
 * The HTTP versions an endpoint serves, as Kestrel's {@code HttpProtocols}.
 */
public enum HttpProtocols {

	/** HTTP/1.1 only. */
	HTTP1(true, false, false),

	/** HTTP/2 only: h2 over TLS (ALPN), h2c with prior knowledge on clear text. */
	HTTP2(false, true, false),

	/**
	 * HTTP/1.1 and HTTP/2 (Kestrel's default): over TLS chosen by ALPN; on clear text HTTP/1.1,
	 * h2c with prior knowledge and h2c upgrade.
	 */
	HTTP1_AND_HTTP2(true, true, false),

	/**
	 * HTTP/1.1 and HTTP/2 over TCP as {@link #HTTP1_AND_HTTP2}, and HTTP/3 over QUIC (UDP) on the
	 * same port; TCP responses advertise it with {@code Alt-Svc}. HTTP/3 needs TLS: on a clear-text
	 * endpoint it is left out with a warning.
	 */
	HTTP1_AND_HTTP2_AND_HTTP3(true, true, true),

	/** HTTP/3 only, over QUIC (UDP): an https endpoint with no TCP listener. */
	HTTP3(false, false, true);

	private final boolean http1;

	private final boolean http2;

	private final boolean http3;

	HttpProtocols(boolean http1, boolean http2, boolean http3) {
		this.http1 = http1;
		this.http2 = http2;
		this.http3 = http3;
	}

	/**
	 * Return whether HTTP/3 is among the protocols.
	 * @return whether HTTP/3 is served, over UDP
	 */
	public boolean includesHttp3() {
		return this.http3;
	}

	/**
	 * Return whether HTTP/1.1 or HTTP/2 is among the protocols, which are served over TCP.
	 * @return whether the endpoint has a TCP listener
	 */
	public boolean includesTcp() {
		return this.http1 || this.http2;
	}

	/**
	 * Return these protocols without HTTP/3.
	 * @return the TCP protocols
	 */
	public HttpProtocols withoutHttp3() {
		return (this == HTTP1_AND_HTTP2_AND_HTTP3) ? HTTP1_AND_HTTP2 : this;
	}

	/**
	 * Return whether HTTP/2 is among the protocols.
	 * @return whether HTTP/2 is served
	 */
	public boolean includesHttp2() {
		return this.http2;
	}

	/**
	 * Return the Reactor Netty protocols of an endpoint's TCP listener.
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

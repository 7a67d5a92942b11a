package io.github.serverimpl.kestrel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.serverimpl.kestrel.systemd.InheritedSocket;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.WebServerException;

/**
 * Which of the sockets systemd passed each {@code systemd:} endpoint serves: the one with the
 * endpoint's name, or every one. Each socket serves one endpoint; a listening stream socket serves
 * HTTP/1.1 and HTTP/2, a UDP socket HTTP/3. What cannot be served stops start-up with a message
 * saying what to change; a socket no endpoint claims gets a warning.
 */
final class SystemdSocketAssignment {

	private static final Log logger = LogFactory.getLog(SystemdSocketAssignment.class);

	private final List<InheritedSocket> passed;

	private final Map<InheritedSocket, String> claimed = new LinkedHashMap<>();

	SystemdSocketAssignment(List<InheritedSocket> passed) {
		this.passed = passed;
	}

	/**
	 * Claim an endpoint's sockets.
	 * @param endpoint an endpoint with a {@code systemd:} URL
	 * @return its stream and its UDP sockets
	 * @throws WebServerException if it has none, one is another endpoint's, or a socket's kind
	 * does not fit the endpoint's protocols
	 */
	Claim claim(EndpointOptions endpoint) {
		EndpointUrl url = endpoint.url();
		List<InheritedSocket> sockets = this.passed.stream().filter((socket) -> socket.matches(url.socketName()))
			.toList();
		if (sockets.isEmpty()) {
			String passed = this.passed.isEmpty()
					? "systemd passed no socket to this process (LISTEN_PID and LISTEN_FDS are not set for it); start "
							+ "it from a .socket unit, or give the endpoint an address"
					: "systemd passed " + this.passed + "; name the socket with FileDescriptorName=" + url.socketName()
							+ " in the .socket unit";
			throw new WebServerException("Endpoint '" + endpoint.name() + "' (" + url + ") has no socket to serve: "
					+ passed, null);
		}
		for (InheritedSocket socket : sockets) {
			String previous = this.claimed.put(socket, endpoint.name());
			if (previous != null) {
				throw new WebServerException("Endpoints '" + previous + "' and '" + endpoint.name() + "' both serve "
						+ socket + "; give each socket one endpoint (http://systemd:<name>)", null);
			}
		}
		Claim claim = new Claim(sockets.stream().filter((socket) -> !socket.isDatagram()).toList(),
				sockets.stream().filter(InheritedSocket::isDatagram).toList());
		HttpProtocols protocols = endpoint.protocols();
		if (!claim.datagrams().isEmpty() && !protocols.includesHttp3()) {
			throw new WebServerException("Endpoint '" + endpoint.name() + "' (" + url + ") was passed "
					+ claim.datagrams() + ", a UDP socket, but does not serve HTTP/3; set its protocols to "
					+ "http1-and-http2-and-http3 or http3, or leave ListenDatagram= out of the socket unit", null);
		}
		if (claim.datagrams().isEmpty() && protocols == HttpProtocols.HTTP3) {
			throw new WebServerException("Endpoint '" + endpoint.name() + "' (" + url + ") serves only HTTP/3 but "
					+ "systemd passed it no UDP socket; add ListenDatagram= to the socket unit", null);
		}
		if (claim.datagrams().isEmpty() && protocols.includesHttp3()) {
			logger.warn("Endpoint '" + endpoint.name() + "' (" + url + ") serves HTTP/1.1 and HTTP/2 only: systemd "
					+ "passed it no UDP socket for HTTP/3; add ListenDatagram= to the socket unit");
		}
		return claim;
	}

	/**
	 * Warn of each passed socket no endpoint claimed.
	 */
	void warnUnclaimed() {
		this.passed.stream().filter((socket) -> !this.claimed.containsKey(socket)).forEach((socket) -> logger
			.warn("No endpoint serves " + socket + " that systemd passed; add one with the URL http://systemd:"
					+ ((socket.name() != null) ? socket.name() : "")));
	}

	/**
	 * An endpoint's sockets.
	 * @param streams the listening stream sockets (TCP or Unix)
	 * @param datagrams the UDP sockets
	 */
	record Claim(List<InheritedSocket> streams, List<InheritedSocket> datagrams) {

	}

}

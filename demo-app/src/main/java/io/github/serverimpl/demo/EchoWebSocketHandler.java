package io.github.serverimpl.demo;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;

/**
 * {@code WS /ws/echo}: sends every text and binary message back as it came. Ping and pong
 * frames are the server's business and are not echoed.
 */
final class EchoWebSocketHandler implements WebSocketHandler {

	@Override
	public Mono<Void> handle(WebSocketSession session) {
		return session.send(session.receive()
			.filter((message) -> message.getType() == WebSocketMessage.Type.TEXT
					|| message.getType() == WebSocketMessage.Type.BINARY)
			.map((message) -> echo(session, message)));
	}

	private static WebSocketMessage echo(WebSocketSession session, WebSocketMessage message) {
		if (message.getType() == WebSocketMessage.Type.TEXT) {
			return session.textMessage(message.getPayloadAsText());
		}
		// The received payload is released once this method returns: copy it.
		DataBuffer payload = message.getPayload();
		byte[] bytes = new byte[payload.readableByteCount()];
		payload.read(bytes);
		return session.binaryMessage((factory) -> factory.wrap(bytes));
	}

}

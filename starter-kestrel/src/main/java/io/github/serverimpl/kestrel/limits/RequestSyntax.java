package io.github.serverimpl.kestrel.limits;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import org.jspecify.annotations.Nullable;

/**
 * Reads the bytes of each HTTP/1.1 header section before Netty's decoder does, for the three
 * places where the decoder takes RFC 9112's lenient option and Kestrel rejects: a request line
 * whose parts are not separated by exactly one space (section 3 lets a recipient split on any
 * whitespace), a version not spelled {@code HTTP/} in upper case (section 2.3: the name is
 * case-sensitive), and a field line that starts with whitespace, an obs-fold continuing the field
 * before it or whitespace before the first field (section 5.2 lets a recipient unfold). Behind a
 * proxy, every difference between how the proxy and the server read a request is a
 * request-smuggling risk; all three are answered 400.
 *
 * <p>This is not a second parser: it looks at separators and line starts, and learns where the next
 * header section starts from the framing the decoder found ({@link #requestDecoded}): a
 * {@code Content-Length} body is counted past, a chunked body is followed by its chunk sizes, and
 * after an upgrade request the following bytes are held back ({@link #isHolding()}) until its
 * response says whether the connection switched protocols. Whatever it cannot follow, it leaves to
 * the decoder and stops reading the connection ({@link State#OFF}): the decoder then rejects the
 * request itself, so the client never gets two answers.
 *
 * <p>Trailer fields are only followed to their end: they cannot frame a message (the decoder drops
 * framing fields from them), and a request whose body the application is reading cannot be answered
 * 400 any more.
 */
final class RequestSyntax {

	private static final byte[] HTTP_NAME = { 'H', 'T', 'T', 'P', '/' };

	private static final byte SP = ' ';

	private static final byte HTAB = '\t';

	private static final byte CR = '\r';

	private static final byte LF = '\n';

	enum State {

		/** Before a request line: the empty lines the decoder skips. */
		START,

		/** In the request line. */
		REQUEST_LINE,

		/** At the start of a field line, or of the empty line that ends the header section. */
		FIELD_LINE_START,

		/** In a field line. */
		FIELD_LINE,

		/** The header section has ended; the decoder is reading it. */
		DECODING,

		/** In a body of known length. */
		BODY,

		/** In a chunk-size line, before or after its digits. */
		CHUNK_SIZE,

		/** In a chunk's data. */
		CHUNK_DATA,

		/** After a chunk's data: its CRLF. */
		CHUNK_END,

		/** At the start of a trailer line, or of the empty line that ends the message. */
		TRAILER_LINE_START,

		/** In a trailer line. */
		TRAILER_LINE,

		/** After an upgrade request: nothing passes until its response is known. */
		HOLD,

		/** A request broke one of the rules: nothing more is read. */
		VIOLATED,

		/** Not reading this connection any more: every byte goes to the decoder as it comes. */
		OFF

	}

	private State state = State.START;

	/** Spaces seen in the request line. */
	private int spaces;

	/** Whether the last byte of the request line was a space. */
	private boolean afterSpace;

	/** Whether the last byte was a CR, which only a LF may follow. */
	private boolean afterCr;

	/** How many bytes of {@code HTTP/} the version has matched, after the second space. */
	private int versionMatched;

	/** Bytes left of the body, or of the chunk's data. */
	private long remaining;

	/** The digits of the chunk size read so far. */
	private int chunkDigits;

	/** Whether the chunk-size line is past its digits, in an extension. */
	private boolean chunkSizeEnded;

	private boolean upgradeRequest;

	/** Where, in the bytes being scanned, the request being read started (their start if earlier). */
	private int requestStartIndex;

	private @Nullable RejectionReason violation;

	private String violationDetail = "";

	State state() {
		return this.state;
	}

	boolean isHolding() {
		return this.state == State.HOLD;
	}

	boolean isOff() {
		return this.state == State.OFF;
	}

	@Nullable RejectionReason violation() {
		return this.violation;
	}

	String violationDetail() {
		return this.violationDetail;
	}

	/**
	 * Read bytes until a point where the decoder must speak first.
	 * @param buffer the bytes
	 * @param from the first index to read
	 * @param to the index after the last one
	 * @return the index up to which the bytes can go to the decoder now: {@code to}, or the end of a
	 * header section (the decoder's request then says how its body is framed), or where holding
	 * started, or, on a violation, where the request that broke the rules started
	 */
	int scan(ByteBuf buffer, int from, int to) {
		int index = from;
		this.requestStartIndex = from;
		while (index < to) {
			switch (this.state) {
				case BODY, CHUNK_DATA -> {
					int skipped = (int) Math.min(this.remaining, to - index);
					index += skipped;
					this.remaining -= skipped;
					if (this.remaining == 0) {
						this.state = (this.state == State.BODY) ? messageEnded() : State.CHUNK_END;
					}
				}
				case DECODING, HOLD, VIOLATED -> {
					return index;
				}
				case OFF -> {
					return to;
				}
				default -> {
					if (this.state == State.START) {
						this.requestStartIndex = index;
					}
					byte b = buffer.getByte(index++);
					if (!read(b)) {
						return (this.state == State.VIOLATED) ? this.requestStartIndex : index;
					}
				}
			}
		}
		return index;
	}

	/**
	 * Read one byte of a line.
	 * @return whether to go on: {@code false} at the end of a header section and on a violation
	 */
	private boolean read(byte b) {
		if (this.afterCr && b != LF) {
			// A bare CR: the decoder rejects it.
			this.state = State.OFF;
			return true;
		}
		switch (this.state) {
			case START -> {
				if ((b & 0xff) > SP && b != 0x7f) {
					this.state = State.REQUEST_LINE;
					this.spaces = 0;
					this.afterSpace = false;
					this.versionMatched = 0;
					return requestLine(b);
				}
			}
			case REQUEST_LINE -> {
				return requestLine(b);
			}
			case FIELD_LINE_START -> {
				if (b == SP || b == HTAB) {
					return violated(RejectionReason.OBSOLETE_LINE_FOLDING, "a field line starts with whitespace");
				}
				if (b == CR) {
					this.afterCr = true;
				}
				else if (b == LF) {
					return lineEnded(State.DECODING);
				}
				else {
					this.state = State.FIELD_LINE;
				}
			}
			case FIELD_LINE, TRAILER_LINE -> lineByte(b, (this.state == State.FIELD_LINE) ? State.FIELD_LINE_START
					: State.TRAILER_LINE_START);
			case TRAILER_LINE_START -> {
				if (b == CR) {
					this.afterCr = true;
				}
				else if (b == LF) {
					lineEnded(messageEnded());
				}
				else {
					this.state = State.TRAILER_LINE;
				}
			}
			case CHUNK_SIZE -> chunkSize(b);
			case CHUNK_END -> {
				if (b == CR) {
					this.afterCr = true;
				}
				else if (b == LF) {
					lineEnded(State.CHUNK_SIZE);
				}
				else {
					// Data longer than its size: the decoder rejects it.
					this.state = State.OFF;
				}
			}
			default -> throw new IllegalStateException(this.state.name());
		}
		return this.state != State.DECODING && this.state != State.HOLD;
	}

	private boolean requestLine(byte b) {
		if (b == SP) {
			if (this.afterSpace) {
				return violated(RejectionReason.INVALID_REQUEST_LINE, "two spaces in a row");
			}
			this.afterSpace = true;
			this.spaces++;
			return true;
		}
		this.afterSpace = false;
		if (b == HTAB || b == 0x0b || b == 0x0c) {
			return violated(RejectionReason.INVALID_REQUEST_LINE, "whitespace other than a space");
		}
		if (b == CR || b == LF) {
			if (this.spaces >= 2 && this.versionMatched < HTTP_NAME.length) {
				return violated(RejectionReason.INVALID_REQUEST_LINE, "the version does not start with HTTP/");
			}
			lineByte(b, State.FIELD_LINE_START);
			return true;
		}
		if (this.spaces == 2 && this.versionMatched < HTTP_NAME.length) {
			if (b != HTTP_NAME[this.versionMatched]) {
				return violated(RejectionReason.INVALID_REQUEST_LINE,
						"the version does not start with HTTP/ (the name is case-sensitive)");
			}
			this.versionMatched++;
		}
		return true;
	}

	private void lineByte(byte b, State next) {
		if (b == CR) {
			this.afterCr = true;
		}
		else if (b == LF) {
			lineEnded(next);
		}
	}

	private boolean lineEnded(State next) {
		if (!this.afterCr) {
			// A bare LF: the decoder rejects it.
			this.state = State.OFF;
			return true;
		}
		this.afterCr = false;
		this.state = next;
		if (next == State.CHUNK_SIZE) {
			this.chunkDigits = 0;
			this.chunkSizeEnded = false;
			this.remaining = 0;
		}
		return next != State.DECODING;
	}

	private void chunkSize(byte b) {
		if (b == CR) {
			this.afterCr = true;
			return;
		}
		if (b == LF) {
			if (this.chunkDigits == 0) {
				this.state = State.OFF;
				return;
			}
			lineEnded((this.remaining > 0) ? State.CHUNK_DATA : State.TRAILER_LINE_START);
			return;
		}
		int digit = Character.digit(b, 16);
		if (digit >= 0 && !this.chunkSizeEnded) {
			this.remaining = this.remaining * 16 + digit;
			if (++this.chunkDigits > 8 || this.remaining > Integer.MAX_VALUE) {
				// The decoder's chunk size is an int: it rejects larger ones.
				this.state = State.OFF;
			}
		}
		else if (this.chunkDigits > 0 && (b == ';' || b == SP || b == HTAB || this.chunkSizeEnded)) {
			// A chunk extension, skipped to the end of the line as the decoder does.
			this.chunkSizeEnded = true;
		}
		else {
			this.state = State.OFF;
		}
	}

	private boolean violated(RejectionReason reason, String detail) {
		this.state = State.VIOLATED;
		this.violation = reason;
		this.violationDetail = detail;
		return false;
	}

	private State messageEnded() {
		return this.upgradeRequest ? State.HOLD : State.START;
	}

	/**
	 * The decoder produced the request whose header section was read last, or failed to.
	 * @param request the request
	 */
	void requestDecoded(HttpRequest request) {
		if (request.decoderResult().isFailure() || this.state != State.DECODING) {
			this.state = State.OFF;
			return;
		}
		this.upgradeRequest = request.headers().contains(HttpHeaderNames.UPGRADE);
		if (HttpUtil.isTransferEncodingChunked(request)) {
			this.state = State.CHUNK_SIZE;
			this.chunkDigits = 0;
			this.chunkSizeEnded = false;
			this.remaining = 0;
			return;
		}
		try {
			// As the decoder counts it (a WebSocket draft's 8-byte body included).
			this.remaining = HttpUtil.getContentLength(request, 0L);
		}
		catch (NumberFormatException ex) {
			this.state = State.OFF;
			return;
		}
		this.state = (this.remaining > 0) ? State.BODY : messageEnded();
	}

	/**
	 * The header section went to the decoder and no request came back (it waits for more, or the
	 * request was refused before it was read): stop reading.
	 */
	void requestNotDecoded() {
		if (this.state == State.DECODING) {
			this.state = State.OFF;
		}
	}

	/** The upgrade request was answered without switching protocols: read on. */
	void upgradeDeclined() {
		this.upgradeRequest = false;
		if (this.state == State.HOLD) {
			this.state = State.START;
		}
	}

	/** The connection switched protocols, or stopped being read: the bytes are no longer HTTP/1.1. */
	void off() {
		this.state = State.OFF;
	}

}

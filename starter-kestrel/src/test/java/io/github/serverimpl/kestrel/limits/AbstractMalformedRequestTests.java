package io.github.serverimpl.kestrel.limits;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.serverimpl.kestrel.EndpointOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.web.server.WebServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed and hostile HTTP/1.1 requests, as bytes on a socket, from Kestrel's own bad-request
 * tests ({@code BadHttpRequestTests}, {@code HttpParsingData}) and RFC 9112: each gets Kestrel's
 * answer (the status, {@code Connection: close}, the connection ended) and never a second
 * response. The must-tolerate cases are answered normally.
 *
 * <p>Where Kestrel is stricter than RFC 9112 and Netty takes the RFC's lenient option, Kestrel's
 * answer holds: repeated spaces or other whitespace in the request line (section 3 lets a recipient
 * parse on whitespace), obs-fold (section 5.2 lets it unfold), and a version not in upper case
 * (Netty reads it case-insensitively) are each answered 400, also when they come pipelined behind
 * a request being answered or behind a body that looks like them.
 *
 * <p>Run for each stack behind Kestrel's front end (a reactive handler, a servlet): the answers are
 * Kestrel's, whichever application would have had the request. Each well-formed request reads
 * its body and is answered {@code read <length>}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractMalformedRequestTests {

	private static final Duration QUIET = Duration.ofSeconds(2);

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

	private WebServer webServer;

	private int port;

	@BeforeAll
	void start() {
		this.webServer = server(List.of(EndpointOptions.of("test", "http://127.0.0.1:0")));
		this.webServer.start();
		this.port = this.webServer.getPort();
	}

	/**
	 * Create the server under test, whose every request reads its body and is answered
	 * {@code read <length>}.
	 * @param endpoints its endpoints
	 * @return the server, not started
	 */
	abstract WebServer server(List<EndpointOptions> endpoints);

	@AfterAll
	void stop() {
		this.webServer.destroy();
	}

	static Stream<Arguments> rejected() {
		String get = "GET / HTTP/1.1\r\n";
		String host = "Host: localhost\r\n";
		return Stream.of(
				// Request line (K1-K16)
				bad("truncated method", "GE\r\n\r\n"), bad("method only", "GET\r\n\r\n"),
				bad("no version", "GET /\r\n" + host + "\r\n"), bad("no version, trailing space", "GET / \r\n" + host + "\r\n"),
				bad("no space after method", "GET/ HTTP/1.1\r\n" + host + "\r\n"),
				bad("no space before version", "GET /HTTP/1.1\r\n" + host + "\r\n"),
				bad("missing method", "/ HTTP/1.1\r\n" + host + "\r\n"),
				bad("leading space", " / HTTP/1.1\r\n" + host + "\r\n"),
				bad("trailing space after version", "GET / HTTP/1.1 \r\n" + host + "\r\n"),
				bad("bare CR in request line", "GET / HTTP/1.1\ra\n" + host + "\r\n"),
				bad("bare LF ends the request line", "GET / HTTP/1.1\n" + host + "\r\n"),
				bad("truncated version", "GET / HTTP/1.\r\n" + host + "\r\n"),
				bad("version with junk", "GET / HTTP/1.1a\r\n" + host + "\r\n"),
				bad("version is a word", "GET / hello\r\n" + host + "\r\n"),
				bad("question mark in method", "GET? / HTTP/1.1\r\n" + host + "\r\n"),
				bad("target is a query", "GET ? HTTP/1.1\r\n" + host + "\r\n"),
				bad("percent-encoded slash as target", "GET %2F HTTP/1.1\r\n" + host + "\r\n"),
				bad("space inside target", "GET /?d=Bad UrlToAccept HTTP/1.1\r\n" + host + "\r\n"),
				bad("parenthesis as method", "( / HTTP/1.1\r\n" + host + "\r\n"),
				bad("at sign in method", "get@ / HTTP/1.1\r\n" + host + "\r\n"),
				bad("equals in method", "post= / HTTP/1.1\r\n" + host + "\r\n"),
				bad("NUL in method", "G\0T / HTTP/1.1\r\n" + host + "\r\n"),
				bad("NUL in target", "GET /\0 HTTP/1.1\r\n" + host + "\r\n"),
				bad("NUL in query", "GET /?a=\0 HTTP/1.1\r\n" + host + "\r\n"),
				bad("CR NUL in target (response splitting)", "GET /\r\0x0ALocation:http://www.contoso.com/ HTTP/1.1\r\n"
						+ "Host:\r\n\r\n"),
				bad("non-ASCII in absolute-form target", "GET http://localhost/\u00ff\u00ff HTTP/1.1\r\n" + host + "\r\n"),
				bad("scheme without host", "GET http:// HTTP/1.1\r\n" + host + "\r\n"),
				rejected("asterisk target with GET (405, Allow: OPTIONS)", "GET * HTTP/1.1\r\n" + host + "\r\n", 405),
				bad("relative dot-dot target", "GET ../../ HTTP/1.1\r\n" + host + "\r\n"),
				// Version (K22): 505
				rejected("HTTP/1.2", "GET / HTTP/1.2\r\n" + host + "\r\n", 505),
				rejected("HTTP/3.0", "GET / HTTP/3.0\r\n" + host + "\r\n", 505),
				// Header section (K25-K35)
				bad("bare CR ends a field", get + host + "Header-1: value1\r\r\n\r\n"),
				bad("bare CR inside a value", get + host + "Header-1: val\rue1\r\n\r\n"),
				bad("no colon", get + host + "Header-1 value1\r\n\r\n"),
				bad("space before the first field", get + " Header: value\r\n" + host + "\r\n"),
				bad("tab before the first field", get + "\tHeader: value\r\n" + host + "\r\n"),
				bad("space before colon", get + host + "Header : value\r\n\r\n"),
				bad("tab before colon", get + host + "Header\t: value\r\n\r\n"),
				bad("space inside a name", get + host + "Header 1: value1\r\n\r\n"),
				bad("empty field name", get + host + ": value\r\n\r\n"),
				bad("bare LF ends a field", get + host + "Header: value\n\r\n"),
				bad("NUL in a name", get + host + "Hea\0der: value\r\n\r\n"),
				bad("non-ASCII in a name", get + host + "Head\u0080r: value\r\n\r\n"),
				bad("NUL in a value", get + host + "Header: va\0lue\r\n\r\n"),
				// Host (K36-K39)
				bad("no Host", "GET / HTTP/1.1\r\n\r\n"), bad("two Hosts", get + host + host + "\r\n"),
				bad("Host with equals", get + "Host: a=b\r\n\r\n"),
				bad("absolute-form with another Host", "GET http://contoso.com/ HTTP/1.1\r\nHost: not-contoso.com\r\n\r\n"),
				bad("absolute-form with userinfo Host", "GET http://contoso.com/ HTTP/1.1\r\nHost: user@contoso.com\r\n\r\n"),
				// Body framing (K40-K47), RFC 9112 section 6
				bad("Content-Length not a number", "POST / HTTP/1.1\r\n" + host + "Content-Length: NaN\r\n\r\n"),
				bad("negative Content-Length", "POST / HTTP/1.1\r\n" + host + "Content-Length: -1\r\n\r\n"),
				bad("conflicting Content-Lengths", "POST / HTTP/1.1\r\n" + host + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nab"),
				bad("Content-Length list", "POST / HTTP/1.1\r\n" + host + "Content-Length: 1, 2\r\n\r\nab"),
				bad("bad chunk size", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\nCii\r\n"),
				bad("chunk longer than its size", "POST / HTTP/1.1\r\n" + host
						+ "Transfer-Encoding: chunked\r\n\r\nC\r\nHelloChunkedIn\r\n0\r\n\r\n"),
				bad("Transfer-Encoding not chunked", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: not-chunked\r\n\r\n"),
				bad("chunked not last", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked, not-chunked\r\n\r\n"),
				bad("Transfer-Encoding not chunked with Content-Length", "POST / HTTP/1.1\r\n" + host
						+ "Transfer-Encoding: not-chunked\r\nContent-Length: 22\r\n\r\n"),
				bad("Transfer-Encoding and Content-Length (smuggling)", "POST / HTTP/1.1\r\n" + host
						+ "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n"
						+ host + "\r\n"),
				bad("POST without length in HTTP/1.0", "POST / HTTP/1.0\r\n\r\n"),
				bad("chunk size with leading space", "POST / HTTP/1.1\r\n" + host
						+ "Transfer-Encoding: chunked\r\n\r\n 5\r\nhello\r\n0\r\n\r\n"),
				bad("chunk size overflow", "POST / HTTP/1.1\r\n" + host
						+ "Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF1\r\nhello\r\n0\r\n\r\n"),
				// Netty's leniencies that Kestrel rejects (RFC 9112 sections 2.3, 3 and 5.2)
				bad("two spaces after the method", "GET  / HTTP/1.1\r\n" + host + "\r\n"),
				bad("two spaces before the version", "GET /  HTTP/1.1\r\n" + host + "\r\n"),
				bad("tab between method and target", "GET\t/ HTTP/1.1\r\n" + host + "\r\n"),
				bad("lower-case version", "GET / http/1.1\r\n" + host + "\r\n"),
				bad("mixed-case version", "GET / Http/1.1\r\n" + host + "\r\n"),
				bad("lower-case HTTP/1.0", "GET / http/1.0\r\n\r\n"),
				bad("obs-fold", get + host + "X-Folded: first\r\n second\r\n\r\n"),
				bad("obs-fold with a tab", get + host + "X-Folded: first\r\n\tsecond\r\n\r\n"),
				bad("obs-fold of Content-Length", "POST / HTTP/1.1\r\n" + host + "Content-Length:\r\n 3\r\n\r\nabc"));
	}

	static Stream<Arguments> tolerated() {
		String host = "Host: localhost\r\n";
		return Stream.of(
				ok("CRLF between pipelined requests", "POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nfunny"
						+ "\r\n" + "GET / HTTP/1.1\r\n" + host + "\r\n", 2),
				ok("chunk extensions", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n"
						+ "5;hello there\r\nhello\r\n0;bye\r\n\r\n", 1),
				ok("trailers", "POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: chunked\r\n\r\n"
						+ "5\r\nhello\r\n0\r\nX-Trailer: aaa\r\n\r\n", 1),
				ok("three pipelined requests", "GET /a HTTP/1.1\r\n" + host + "\r\nGET /b HTTP/1.1\r\n" + host
						+ "\r\nGET /c HTTP/1.1\r\n" + host + "\r\n", 3),
				ok("trailing whitespace in a value", "GET / HTTP/1.1\r\n" + host + "X-Pad: value  \t\r\n\r\n", 1),
				ok("no whitespace after colon", "GET / HTTP/1.1\r\nHost:localhost\r\n\r\n", 1),
				ok("HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", 1),
				ok("absolute-form target matching Host", "GET http://localhost/ HTTP/1.1\r\n" + host + "\r\n", 1),
				ok("unknown method", "PURGE / HTTP/1.1\r\n" + host + "\r\n", 1),
				ok("empty Host in HTTP/1.1 origin-form", "GET / HTTP/1.1\r\nHost:\r\n\r\n", 1),
				ok("a body that looks like the leniencies", "POST / HTTP/1.1\r\n" + host + "Content-Length: 31\r\n\r\n"
						+ "GET  / http/1.1\r\n folded: x\r\n\r\n", 1),
				ok("a chunked body that looks like the leniencies", "POST / HTTP/1.1\r\n" + host
						+ "Transfer-Encoding: chunked\r\n\r\n1f\r\nGET  / http/1.1\r\n folded: x\r\n\r\n\r\n0\r\n\r\n", 1),
				ok("pipelined behind a chunked body with extensions and trailers", "POST / HTTP/1.1\r\n" + host
						+ "Transfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\nA\r\n0123456789\r\n0\r\n"
						+ "X-Trailer: t\r\n\r\nGET / HTTP/1.1\r\n" + host + "\r\n", 2),
				ok("pipelined behind an upgrade request answered without switching", "GET / HTTP/1.1\r\n" + host
						+ "Connection: upgrade\r\nUpgrade: example/1\r\n\r\nGET / HTTP/1.1\r\n" + host + "\r\n", 2));
	}

	static Stream<Arguments> rejectedBehindAnAnsweredRequest() {
		String host = "Host: localhost\r\n";
		String first = "POST / HTTP/1.1\r\n" + host + "Content-Length: 5\r\n\r\nhello";
		return Stream.of(Arguments.of("two spaces after the method", first + "GET  / HTTP/1.1\r\n" + host + "\r\n"),
				Arguments.of("lower-case version", first + "GET / http/1.1\r\n" + host + "\r\n"),
				Arguments.of("obs-fold", first + "GET / HTTP/1.1\r\n" + host + "X-Folded: a\r\n b\r\n\r\n"),
				Arguments.of("obs-fold behind a declined upgrade request", "GET / HTTP/1.1\r\n" + host
						+ "Connection: upgrade\r\nUpgrade: example/1\r\n\r\nGET / HTTP/1.1\r\n" + host
						+ "X-Folded: a\r\n b\r\n\r\n"));
	}

	private static Arguments bad(String name, String request) {
		return rejected(name, request, 400);
	}

	private static Arguments rejected(String name, String request, int status) {
		return Arguments.of(name, request, status);
	}

	private static Arguments ok(String name, String request, int responses) {
		return Arguments.of(name, request, responses);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejected")
	void isRejectedWithOneResponseAndTheConnectionCloses(String name, String request, int status) throws Exception {
		try (RawConnection connection = new RawConnection(this.port)) {
			String response = connection.send(request).readFor(QUIET);
			List<Integer> statuses = statuses(response);
			assertThat(statuses).as("responses to %s:%n%s", name, response).containsExactly(status);
			assertThat(response).containsIgnoringCase("connection: close");
			assertThat(connection.closedByServer()).as("connection closed").isTrue();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("rejectedBehindAnAnsweredRequest")
	void isRejectedAfterTheRequestBeforeItIsAnswered(String name, String requests) throws Exception {
		try (RawConnection connection = new RawConnection(this.port)) {
			String response = connection.send(requests).readFor(QUIET);
			assertThat(statuses(response)).as("responses to %s:%n%s", name, response).containsExactly(200, 400);
			assertThat(response).contains("read ");
			assertThat(connection.closedByServer()).as("connection closed").isTrue();
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("tolerated")
	void isAnsweredNormally(String name, String request, int responses) throws Exception {
		try (RawConnection connection = new RawConnection(this.port)) {
			String response = connection.send(request).readFor(Duration.ofMillis(700));
			assertThat(statuses(response)).as("responses to %s:%n%s", name, response).hasSize(responses)
				.containsOnly(200);
		}
	}

	private static List<Integer> statuses(String response) {
		Matcher matcher = STATUS_LINE.matcher(response);
		List<Integer> statuses = new java.util.ArrayList<>();
		while (matcher.find()) {
			statuses.add(Integer.parseInt(matcher.group(1)));
		}
		return statuses;
	}

}

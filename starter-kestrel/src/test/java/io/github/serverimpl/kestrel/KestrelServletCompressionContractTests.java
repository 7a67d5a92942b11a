package io.github.serverimpl.kestrel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compression part of the servlet web server factory contract ({@code server.compression.*},
 * applied by Kestrel): the minimum size, MIME types, excluded user agents, responses to POST and
 * responses streamed without a length.
 */
class KestrelServletCompressionContractTests extends AbstractServletContractTests {

	@Test
	void compressionGzipsALargeEnoughResponseForAClientThatAcceptsIt() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Compression compression = gzip();
		compression.setMinResponseSize(DataSize.ofBytes(1));
		factory.setCompression(compression);
		start(factory, hello());
		HttpResponse<String> gzipped = get("/hello", "Accept-Encoding", "gzip");
		assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(get("/hello").headers().firstValue("Content-Encoding")).isEmpty();
	}

	@Test
	void compressionLeavesSmallResponsesAndExcludedMimeTypesAlone() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Compression compression = gzip();
		compression.setMimeTypes(new String[] { "text/plain" });
		factory.setCompression(compression);
		start(factory, hello(), servlet("/big", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType(request.getParameter("type"));
				response.getWriter().write("x".repeat(4096));
			}

		}));
		assertThat(get("/hello", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding"))
			.as("below the 2 KB minimum").isEmpty();
		assertThat(get("/big?type=text/plain", "Accept-Encoding", "gzip").headers().firstValue("Content-Encoding"))
			.hasValue("gzip");
		assertThat(get("/big?type=application/x-other", "Accept-Encoding", "gzip").headers()
			.firstValue("Content-Encoding")).as("a type not listed").isEmpty();
	}

	@Test
	void aResponseToAPostIsCompressed() throws Exception {
		start(compressing(), large());
		HttpResponse<byte[]> response = client.send(request("/large", "Accept-Encoding", "gzip")
			.POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(gunzip(response.body())).isEqualTo("POST " + "x".repeat(4096));
	}

	@Test
	void anExcludedUserAgentGetsTheResponseUncompressed() throws Exception {
		Compression compression = gzip();
		compression.setExcludedUserAgents(new String[] { "legacy-agent" });
		KestrelServletWebServerFactory factory = factory();
		factory.setCompression(compression);
		start(factory, large());
		assertThat(get("/large", "Accept-Encoding", "gzip", "User-Agent", "legacy-agent").headers()
			.firstValue("Content-Encoding")).isEmpty();
		assertThat(get("/large", "Accept-Encoding", "gzip", "User-Agent", "modern-agent").headers()
			.firstValue("Content-Encoding")).hasValue("gzip");
	}

	@Test
	void aResponseStreamedWithoutALengthIsCompressedAsItIsWritten() throws Exception {
		start(compressing(), servlet("/streamed", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("text/plain");
				for (int i = 0; i < 4; i++) {
					response.getWriter().write(String.valueOf(i).repeat(4096));
					response.flushBuffer();
				}
			}

		}));
		HttpResponse<byte[]> response = client.send(request("/streamed", "Accept-Encoding", "gzip").build(),
				HttpResponse.BodyHandlers.ofByteArray());
		assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
		assertThat(response.headers().firstValue("Content-Length")).isEmpty();
		assertThat(gunzip(response.body())).isEqualTo("0".repeat(4096) + "1".repeat(4096) + "2".repeat(4096)
				+ "3".repeat(4096));
	}

	private static KestrelServletWebServerFactory compressing() {
		KestrelServletWebServerFactory factory = factory();
		factory.setCompression(gzip());
		return factory;
	}

	private static Compression gzip() {
		Compression compression = new Compression();
		compression.setEnabled(true);
		return compression;
	}

	/** A servlet at {@code /large} that answers with the method and 4 KB of text. */
	private static ServletContextInitializer large() {
		return servlet("/large", new HttpServlet() {

			@Override
			protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.setContentType("text/plain");
				response.getWriter().write(request.getMethod() + " " + "x".repeat(4096));
			}

		});
	}

	private static String gunzip(byte[] body) throws IOException {
		try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}

package io.github.serverimpl.demo.mvc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.servlet.multipart.*} limits on Kestrel, as on any servlet container: Jetty's
 * multipart parser enforces them and Spring MVC answers a file or request over them with 413.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.kestrel.endpoints.http.url=http://127.0.0.1:0",
				"spring.servlet.multipart.max-file-size=10KB", "spring.servlet.multipart.max-request-size=20KB" })
class MultipartLimitsTests {

	private static final String BOUNDARY = "limits-boundary";

	@LocalServerPort
	private int port;

	private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	@Test
	void aFileWithinTheLimitsIsUploaded() throws Exception {
		HttpResponse<String> response = upload(part("file", 10 * 1024));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"size\":10240");
	}

	@Test
	void aFileOverMaxFileSizeGets413() throws Exception {
		assertThat(upload(part("file", 10 * 1024 + 1)).statusCode()).isEqualTo(413);
	}

	@Test
	void aRequestOverMaxRequestSizeGets413() throws Exception {
		byte[] first = part("file", 8 * 1024);
		byte[] second = part("other", 8 * 1024);
		byte[] third = part("more", 8 * 1024);
		assertThat(upload(first, second, third).statusCode()).isEqualTo(413);
	}

	private HttpResponse<String> upload(byte[]... parts) throws IOException, InterruptedException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			body.write(part);
		}
		body.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.ISO_8859_1));
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/upload"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build();
		return this.client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static byte[] part(String name, int size) throws IOException {
		ByteArrayOutputStream part = new ByteArrayOutputStream();
		part.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + name
				+ ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
		part.write(new byte[size]);
		part.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
		return part.toByteArray();
	}

}

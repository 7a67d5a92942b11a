package io.github.serverimpl.benchmarks.webmvc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.util.StreamUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo's benchmark endpoints with Spring MVC, each body encoded once and written straight to
 * the servlet response. Built three times, the server being the only difference: on Tomcat (this
 * module), on Jetty ({@code peer-webmvc-jetty}) and on Kestrel ({@code peer-webmvc-kestrel}).
 */
@SpringBootApplication
@RestController
public class WebMvcPeer {

	private static final byte[] PLAINTEXT = "Hello, World!".getBytes(StandardCharsets.UTF_8);

	private static final byte[] JSON = "{\"message\":\"Hello, World!\"}".getBytes(StandardCharsets.UTF_8);

	/**
	 * Start the peer.
	 * @param args the command-line arguments, for example {@code --server.port=8082}
	 */
	public static void main(String[] args) {
		SpringApplication.run(WebMvcPeer.class, args);
	}

	@GetMapping("/plaintext")
	void plaintext(HttpServletResponse response) throws IOException {
		write(response, MediaType.TEXT_PLAIN_VALUE, PLAINTEXT);
	}

	@GetMapping("/json")
	void json(HttpServletResponse response) throws IOException {
		write(response, MediaType.APPLICATION_JSON_VALUE, JSON);
	}

	@PostMapping("/echo")
	void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
		String contentType = request.getContentType();
		response.setContentType((contentType != null) ? contentType : MediaType.APPLICATION_OCTET_STREAM_VALUE);
		StreamUtils.copy(request.getInputStream(), response.getOutputStream());
	}

	private static void write(HttpServletResponse response, String contentType, byte[] body) throws IOException {
		response.setContentType(contentType);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}

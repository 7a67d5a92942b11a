package io.github.serverimpl.demo.mvc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.Callable;

import jakarta.servlet.http.HttpSession;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.multipart.MultipartFile;

/**
 * What only the servlet stack has: a session across requests, multipart uploads within
 * {@code spring.servlet.multipart.*}, and servlet async.
 */
@RestController
class ServletDemoController {

	private static final String VISITS = "visits";

	private final DemoScheduler scheduler;

	ServletDemoController(DemoScheduler scheduler) {
		this.scheduler = scheduler;
	}

	/** {@code GET /session}: the session's id and how many times it was seen, this time included. */
	@GetMapping("/session")
	Map<String, Object> session(HttpSession session) {
		Integer visits = (Integer) session.getAttribute(VISITS);
		int now = (visits != null) ? visits + 1 : 1;
		session.setAttribute(VISITS, now);
		return Map.of("id", session.getId(), VISITS, now);
	}

	/**
	 * {@code GET /thread}: the thread that serves the request, as {@code Thread.toString()}
	 * describes it (a virtual thread with {@code spring.threads.virtual.enabled=true} on Java 21+).
	 */
	@GetMapping("/thread")
	String thread() {
		return Thread.currentThread().toString();
	}

	/** {@code POST /upload}: the part named {@code file}, by name, size and SHA-256. */
	@PostMapping("/upload")
	Map<String, Object> upload(@RequestParam("file") MultipartFile file) throws IOException {
		MessageDigest sha256 = sha256();
		try (InputStream in = new DigestInputStream(file.getInputStream(), sha256)) {
			in.transferTo(OutputStream.nullOutputStream());
		}
		return Map.of("filename", String.valueOf(file.getOriginalFilename()), "size", file.getSize(), "sha256",
				HexFormat.of().formatHex(sha256.digest()));
	}

	/** {@code GET /async/deferred}: {@code deferred}, set 100 ms later from another thread. */
	@GetMapping("/async/deferred")
	DeferredResult<String> deferred() {
		DeferredResult<String> result = new DeferredResult<>();
		this.scheduler.schedule(() -> result.setResult("deferred"), Duration.ofMillis(100));
		return result;
	}

	/** {@code GET /async/callable}: {@code callable}, computed on Spring MVC's task executor. */
	@GetMapping("/async/callable")
	Callable<String> callable() {
		return () -> "callable";
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

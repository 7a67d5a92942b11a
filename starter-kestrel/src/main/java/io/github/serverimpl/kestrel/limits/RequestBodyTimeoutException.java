package io.github.serverimpl.kestrel.limits;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * The request body arrived slower than {@code min-request-body-data-rate} allows: the server
 * answers 408 (unless the response has started) and closes the connection.
 */
public class RequestBodyTimeoutException extends ResponseStatusException {

	RequestBodyTimeoutException(String reason) {
		super(HttpStatus.REQUEST_TIMEOUT, reason);
	}

}

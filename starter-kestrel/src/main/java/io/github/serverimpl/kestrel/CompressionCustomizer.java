package io.github.serverimpl.kestrel;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.jspecify.annotations.Nullable;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.boot.web.server.Compression;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * Applies {@code server.compression.*}: responses of the listed MIME types, at least the minimum
 * size, to clients not excluded by user agent.
 */
final class CompressionCustomizer {

	private final Compression compression;

	CompressionCustomizer(Compression compression) {
		this.compression = compression;
	}

	HttpServer apply(HttpServer server) {
		long minSize = this.compression.getMinResponseSize().toBytes();
		if (minSize > 0) {
			server = server.compress((int) Math.min(minSize, Integer.MAX_VALUE));
		}
		List<MimeType> mimeTypes = Arrays.stream(this.compression.getMimeTypes())
			.map(MimeTypeUtils::parseMimeType)
			.toList();
		String[] excludedAgents = this.compression.getExcludedUserAgents();
		BiPredicate<HttpServerRequest, HttpServerResponse> predicate = (request, response) -> {
			MimeType contentType = contentType(response);
			if (contentType == null || mimeTypes.stream().noneMatch((type) -> type.isCompatibleWith(contentType))) {
				return false;
			}
			String agent = request.requestHeaders().get(HttpHeaderNames.USER_AGENT);
			return excludedAgents == null || agent == null
					|| Arrays.stream(excludedAgents).noneMatch(agent::equals);
		};
		return server.compress(predicate);
	}

	/**
	 * The response's media type, or {@code null} when it has none or one that does not parse: such
	 * a response is sent uncompressed, never failed, since compression is optional.
	 */
	private static @Nullable MimeType contentType(HttpServerResponse response) {
		String contentType = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
		if (contentType == null) {
			return null;
		}
		try {
			return MimeTypeUtils.parseMimeType(contentType);
		}
		catch (InvalidMimeTypeException ex) {
			return null;
		}
	}

}

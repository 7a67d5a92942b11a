package io.github.serverimpl.kestrel;

import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.boot.web.server.Compression;
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
			String contentType = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
			if (contentType == null || mimeTypes.stream().noneMatch((type) -> type.isCompatibleWith(
					MimeTypeUtils.parseMimeType(contentType)))) {
				return false;
			}
			String agent = request.requestHeaders().get(HttpHeaderNames.USER_AGENT);
			return excludedAgents == null || agent == null
					|| Arrays.stream(excludedAgents).noneMatch(agent::equals);
		};
		return server.compress(predicate);
	}

}

package io.github.serverimpl.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.github.serverimpl.features.HttpResponseFeature;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;

/**
 * A Spring {@code ServerHttpResponse} over an {@link HttpResponseFeature}. Body writes block,
 * so they run on the bounded-elastic scheduler.
 */
final class FeatureServerHttpResponse extends AbstractServerHttpResponse {

	private final HttpResponseFeature response;

	FeatureServerHttpResponse(HttpResponseFeature response, DataBufferFactory bufferFactory) {
		super(bufferFactory, response.getHeaders());
		this.response = response;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T getNativeResponse() {
		return (T) this.response;
	}

	@Override
	protected void applyStatusCode() {
		HttpStatusCode status = super.getStatusCode();
		if (status != null) {
			this.response.setStatusCode(status.value());
		}
	}

	@Override
	protected void applyHeaders() {
		// The Spring headers are the feature's headers: nothing to copy.
	}

	@Override
	protected void applyCookies() {
		HttpHeaders headers = this.response.getHeaders();
		getCookies().values().stream().flatMap(List::stream).map(ResponseCookie::toString)
			.forEach((cookie) -> headers.add(HttpHeaders.SET_COOKIE, cookie));
	}

	@Override
	protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
		return Flux.from(body).publishOn(Schedulers.boundedElastic()).doOnNext(this::write).then();
	}

	@Override
	protected Mono<Void> writeAndFlushWithInternal(Publisher<? extends Publisher<? extends DataBuffer>> body) {
		return Flux.from(body)
			.concatMap((chunk) -> Flux.from(chunk).publishOn(Schedulers.boundedElastic()).doOnNext(this::write)
				.then(Mono.fromRunnable(this::flush).subscribeOn(Schedulers.boundedElastic())))
			.then();
	}

	private void write(DataBuffer buffer) {
		try (DataBuffer.ByteBufferIterator iterator = buffer.readableByteBuffers()) {
			OutputStream out = this.response.getBody();
			while (iterator.hasNext()) {
				var bytes = iterator.next();
				byte[] array = new byte[bytes.remaining()];
				bytes.get(array);
				out.write(array);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private void flush() {
		try {
			this.response.getBody().flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

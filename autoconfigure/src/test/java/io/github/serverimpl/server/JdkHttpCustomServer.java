package io.github.serverimpl.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.HttpProtocolFeature;
import io.github.serverimpl.features.HttpRequestFeature;
import io.github.serverimpl.features.HttpResponseFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.features.ServerAddress;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * A custom server on the JDK's built-in {@code com.sun.net.httpserver}: the smallest real server
 * that implements the request and response features, selected with {@code server.impl=jdk}.
 */
class JdkHttpCustomServer implements CustomServer {

	@Override
	public String getName() {
		return "jdk";
	}

	@Override
	public RunningServer start(CustomServerSettings settings, FeatureRequestHandler handler) throws IOException {
		InetAddress address = (settings.address() != null) ? settings.address() : InetAddress.getLoopbackAddress();
		HttpServer server = HttpServer.create(new InetSocketAddress(address, settings.port()), 0);
		ExecutorService executor = Executors.newCachedThreadPool();
		server.setExecutor(executor);
		server.createContext("/", (exchange) -> {
			RequestFeatures features = new RequestFeatures();
			features.set(HttpRequestFeature.class, new Request(exchange));
			features.set(HttpResponseFeature.class, new Response(exchange));
			features.set(HttpConnectionFeature.class, new HttpConnectionFeature(
					Integer.toHexString(System.identityHashCode(exchange.getHttpContext())),
					exchange.getLocalAddress(), exchange.getRemoteAddress()));
			features.set(HttpProtocolFeature.class, new HttpProtocolFeature(exchange.getProtocol()));
			handler.handle(features).join();
			exchange.close();
		});
		server.start();
		return new RunningServer() {

			@Override
			public List<String> getAddresses() {
				return List.of(ServerAddress.tcp("http", server.getAddress()).toString());
			}

			@Override
			public void stop() {
				server.stop(0);
				executor.shutdownNow();
			}

		};
	}

	private record Request(HttpExchange exchange) implements HttpRequestFeature {

		@Override
		public String getProtocol() {
			return this.exchange.getProtocol();
		}

		@Override
		public String getScheme() {
			return "http";
		}

		@Override
		public String getMethod() {
			return this.exchange.getRequestMethod();
		}

		@Override
		public String getRawPath() {
			return this.exchange.getRequestURI().getRawPath();
		}

		@Override
		public @Nullable String getRawQuery() {
			return this.exchange.getRequestURI().getRawQuery();
		}

		@Override
		public HttpHeaders getHeaders() {
			HttpHeaders headers = new HttpHeaders();
			this.exchange.getRequestHeaders().forEach(headers::addAll);
			return headers;
		}

		@Override
		public InputStream getBody() {
			return this.exchange.getRequestBody();
		}

	}

	private static final class Response implements HttpResponseFeature {

		private final HttpExchange exchange;

		private final HttpHeaders headers = new HttpHeaders();

		private int status = 200;

		private boolean started;

		Response(HttpExchange exchange) {
			this.exchange = exchange;
		}

		@Override
		public int getStatusCode() {
			return this.status;
		}

		@Override
		public void setStatusCode(int statusCode) {
			this.status = statusCode;
		}

		@Override
		public HttpHeaders getHeaders() {
			return this.headers;
		}

		@Override
		public boolean hasStarted() {
			return this.started;
		}

		@Override
		public OutputStream getBody() {
			return new OutputStream() {

				@Override
				public void write(int b) throws IOException {
					write(new byte[] { (byte) b }, 0, 1);
				}

				@Override
				public void write(byte[] bytes, int offset, int length) throws IOException {
					start(false);
					Response.this.exchange.getResponseBody().write(bytes, offset, length);
				}

				@Override
				public void flush() throws IOException {
					Response.this.exchange.getResponseBody().flush();
				}

			};
		}

		@Override
		public void complete() throws IOException {
			start(true);
			this.exchange.getResponseBody().close();
		}

		private void start(boolean empty) throws IOException {
			if (this.started) {
				return;
			}
			this.started = true;
			long length = this.headers.getContentLength();
			this.headers.remove(HttpHeaders.CONTENT_LENGTH);
			for (Map.Entry<String, List<String>> header : this.headers.headerSet()) {
				this.exchange.getResponseHeaders().put(header.getKey(), header.getValue());
			}
			// JDK server: 0 means chunked, -1 means no body.
			long jdkLength = (length > 0) ? length : ((empty || length == 0) ? -1 : 0);
			this.exchange.sendResponseHeaders(this.status, jdkLength);
		}

	}

}

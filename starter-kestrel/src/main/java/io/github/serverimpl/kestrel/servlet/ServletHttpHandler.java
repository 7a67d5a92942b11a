package io.github.serverimpl.kestrel.servlet;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.github.serverimpl.features.RequestFeatures;
import io.netty.channel.Channel;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * The last hop of a servlet application on Kestrel: each request Kestrel parsed, once the trusted
 * forwarded headers are applied, becomes a request of Jetty's servlet container, with its body
 * and response streamed through a {@link ServletStream}.
 */
final class ServletHttpHandler implements HttpHandler {

	private static final AttributeKey<EndPoint.SslSessionData> TLS_SESSION = AttributeKey
		.valueOf("kestrel.servletTlsSession");

	private final KestrelConnector connector;

	private final @Nullable ForwardedHeaderTransformer forwardedHeaders;

	ServletHttpHandler(KestrelConnector connector, @Nullable ForwardedHeaderTransformer forwardedHeaders) {
		this.connector = connector;
		this.forwardedHeaders = forwardedHeaders;
	}

	@Override
	public Mono<Void> handle(ServerHttpRequest received, ServerHttpResponse response) {
		ServerHttpRequest request = (this.forwardedHeaders != null) ? this.forwardedHeaders.apply(received)
				: received;
		HttpServerRequest nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		HttpServerResponse nativeResponse = ServerHttpResponseDecorator.getNativeResponse(response);
		nativeRequest.withConnection((connection) -> ConnectionFlushes.consolidate(connection.channel()));
		URI uri = request.getURI();
		ServletConnectionMetaData connection = new ServletConnectionMetaData(request.getId(), this.connector,
				version(nativeRequest.protocol()), "https".equalsIgnoreCase(uri.getScheme()),
				remoteAddress(request, nativeRequest), localAddress(request, nativeRequest));
		RequestFeatures features = RequestFeatures.of(received);
		MetaData.Request metaData = new MetaData.Request(request.getMethod().name(), uri(request),
				connection.getHttpVersion(), fields(request), request.getHeaders().getContentLength());
		return Mono.create((sink) -> {
			HttpChannel channel = this.connector.newChannel(connection);
			new ServletStream(request.getId(), channel, this.connector.getExecutor(), request.getBody(),
					nativeResponse, sink)
				.start(metaData, features, request.getPath().contextPath().value(), tls(nativeRequest));
		});
	}

	private static HttpURI uri(ServerHttpRequest request) {
		URI uri = request.getURI();
		// The path without a forwarded prefix, which the servlet context maps (ForwardedPrefixFilter
		// shows the prefix in the servlet's context path).
		return HttpURI.build()
			.scheme(uri.getScheme())
			.host(uri.getHost())
			.port(uri.getPort())
			.path(request.getPath().pathWithinApplication().value())
			.query(uri.getRawQuery())
			.asImmutable();
	}

	private static HttpFields fields(ServerHttpRequest request) {
		HttpFields.Mutable fields = HttpFields.build(request.getHeaders().size());
		request.getHeaders().forEach((name, values) -> {
			for (String value : values) {
				fields.add(name, value);
			}
		});
		return fields.asImmutable();
	}

	private static HttpVersion version(String protocol) {
		return switch (protocol) {
			case "HTTP/2.0" -> HttpVersion.HTTP_2;
			case "HTTP/3.0" -> HttpVersion.HTTP_3;
			case "HTTP/1.0" -> HttpVersion.HTTP_1_0;
			default -> HttpVersion.HTTP_1_1;
		};
	}

	private static SocketAddress remoteAddress(ServerHttpRequest request, HttpServerRequest nativeRequest) {
		InetSocketAddress address = request.getRemoteAddress();
		return (address != null) ? address : socketAddress(nativeRequest, true);
	}

	private static SocketAddress localAddress(ServerHttpRequest request, HttpServerRequest nativeRequest) {
		InetSocketAddress address = request.getLocalAddress();
		return (address != null) ? address : socketAddress(nativeRequest, false);
	}

	/**
	 * The TLS session of the connection the request came on, as the servlet API shows it
	 * ({@code jakarta.servlet.request.X509Certificate}, {@code cipher_suite}, {@code key_size},
	 * {@code ssl_session_id}); {@code null} for clear text, also when a trusted proxy said the client
	 * used TLS. An HTTP/2 stream's TLS is its connection's.
	 */
	private static EndPoint.@Nullable SslSessionData tls(HttpServerRequest request) {
		AtomicReference<EndPoint.@Nullable SslSessionData> tls = new AtomicReference<>();
		request.withConnection((connection) -> {
			Channel channel = connection.channel();
			SslHandler handler = channel.pipeline().get(SslHandler.class);
			if (handler == null && channel instanceof Http2StreamChannel stream) {
				channel = stream.parent();
				handler = channel.pipeline().get(SslHandler.class);
			}
			if (handler != null) {
				tls.set(tls(channel, handler.engine().getSession()));
			}
		});
		return tls.get();
	}

	/** A connection's TLS session data, made once for all its requests while the session stays. */
	private static EndPoint.SslSessionData tls(Channel connection, SSLSession session) {
		EndPoint.SslSessionData data = connection.attr(TLS_SESSION).get();
		if (data == null || data.sslSession() != session) {
			data = EndPoint.SslSessionData.from(session, HexFormat.of().formatHex(session.getId()),
					session.getCipherSuite(), peerCertificates(session));
			connection.attr(TLS_SESSION).set(data);
		}
		return data;
	}

	private static X509Certificate @Nullable [] peerCertificates(SSLSession session) {
		try {
			Certificate[] certificates = session.getPeerCertificates();
			return Arrays.copyOf(certificates, certificates.length, X509Certificate[].class);
		}
		catch (SSLPeerUnverifiedException ex) {
			// The client sent no certificate (client auth off, or wanted and not given).
			return null;
		}
	}

	/** The socket's own address, for a Unix domain socket (a path, not an internet address). */
	private static SocketAddress socketAddress(HttpServerRequest request, boolean remote) {
		AtomicReference<SocketAddress> address = new AtomicReference<>();
		request.withConnection((connection) -> address.set(remote ? connection.channel().remoteAddress()
				: connection.channel().localAddress()));
		SocketAddress found = address.get();
		return (found != null) ? found : InetSocketAddress.createUnresolved("unix", 0);
	}

}

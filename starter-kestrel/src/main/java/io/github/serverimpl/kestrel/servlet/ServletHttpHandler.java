package io.github.serverimpl.kestrel.servlet;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.kestrel.KestrelRequestFeaturesProvider;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpChannel;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.netty.ChannelOperationsId;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;

/**
 * The last hop of a servlet application on Kestrel: each request Kestrel parsed, once the trusted
 * forwarded headers are applied, becomes a request of Jetty's servlet container, with its body
 * and response streamed through a {@link ServletStream}.
 *
 * <p>Jetty's request is built from Reactor Netty's. Only a request that carries forwarded headers
 * (which the transformer reads from Spring's request model), or whose target or host is not a
 * plain URI (which Spring's model answers with 400), goes through Spring's
 * {@link ReactorHttpHandlerAdapter} first.
 */
final class ServletHttpHandler implements BiFunction<HttpServerRequest, HttpServerResponse, Mono<Void>> {

	private static final AttributeKey<EndPoint.SslSessionData> TLS_SESSION = AttributeKey
		.valueOf("kestrel.servletTlsSession");

	/** The headers Spring's and Kestrel's forwarded-header transformers read. */
	private static final List<String> FORWARDED_HEADERS = List.of("Forwarded", "X-Forwarded-For",
			"X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Ssl", "X-Forwarded-Prefix");

	private final KestrelConnector connector;

	private final @Nullable ForwardedHeaderTransformer forwardedHeaders;

	private final ReactorHttpHandlerAdapter springRequests = new ReactorHttpHandlerAdapter(this::handle);

	ServletHttpHandler(KestrelConnector connector, @Nullable ForwardedHeaderTransformer forwardedHeaders) {
		this.connector = connector;
		this.forwardedHeaders = forwardedHeaders;
	}

	@Override
	public Mono<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		String scheme = request.scheme();
		String host = request.hostName();
		String target = request.uri();
		if (hasForwardedHeaders(request) || !PlainUri.isPathAndQuery(target) || !PlainUri.isHost(host)) {
			return this.springRequests.apply(request, response);
		}
		int port = request.hostPort();
		HttpURI uri = HttpURI.build()
			.scheme(scheme)
			.host(host)
			.port(PlainUri.isDefaultPort(scheme, port) ? -1 : port)
			.pathQuery(target)
			.asImmutable();
		HttpFields.Mutable fields = HttpFields.build(request.requestHeaders().size());
		for (Map.Entry<String, String> header : request.requestHeaders()) {
			fields.add(header.getKey(), header.getValue());
		}
		return serve(request, response, request.method().name(), uri, fields.asImmutable(),
				"https".equals(scheme), remoteAddress(request.remoteAddress(), request),
				localAddress(request.hostAddress(), request), KestrelRequestFeaturesProvider.of(request), "");
	}

	private boolean hasForwardedHeaders(HttpServerRequest request) {
		if (this.forwardedHeaders == null) {
			return false;
		}
		HttpHeaders headers = request.requestHeaders();
		for (String name : FORWARDED_HEADERS) {
			if (headers.contains(name)) {
				return true;
			}
		}
		return false;
	}

	/** A request through Spring's model, where the forwarded headers are applied. */
	private Mono<Void> handle(ServerHttpRequest received, ServerHttpResponse response) {
		ServerHttpRequest request = (this.forwardedHeaders != null) ? this.forwardedHeaders.apply(received)
				: received;
		URI uri = request.getURI();
		// The path without a forwarded prefix, which the servlet context maps (ForwardedPrefixFilter
		// shows the prefix in the servlet's context path).
		HttpURI jettyUri = HttpURI.build()
			.scheme(uri.getScheme())
			.host(uri.getHost())
			.port(uri.getPort())
			.path(request.getPath().pathWithinApplication().value())
			.query(uri.getRawQuery())
			.asImmutable();
		HttpFields.Mutable fields = HttpFields.build(request.getHeaders().size());
		request.getHeaders().forEach((name, values) -> {
			for (String value : values) {
				fields.add(name, value);
			}
		});
		HttpServerRequest nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		return serve(nativeRequest, ServerHttpResponseDecorator.getNativeResponse(response),
				request.getMethod().name(), jettyUri, fields.asImmutable(), "https".equalsIgnoreCase(uri.getScheme()),
				remoteAddress(request.getRemoteAddress(), nativeRequest),
				localAddress(request.getLocalAddress(), nativeRequest), RequestFeatures.of(received),
				request.getPath().contextPath().value());
	}

	private Mono<Void> serve(HttpServerRequest request, HttpServerResponse response, String method, HttpURI uri,
			HttpFields fields, boolean secure, SocketAddress remote, SocketAddress local, RequestFeatures features,
			String forwardedPrefix) {
		request.withConnection((connection) -> ConnectionFlushes.consolidate(connection.channel()));
		String id = (request instanceof ChannelOperationsId operation) ? operation.asShortText()
				: Integer.toHexString(System.identityHashCode(request));
		ServletConnectionMetaData connection = new ServletConnectionMetaData(id, this.connector,
				version(request.protocol()), secure, remote, local);
		MetaData.Request metaData = new MetaData.Request(method, uri, connection.getHttpVersion(), fields,
				fields.getLongField(HttpHeader.CONTENT_LENGTH));
		return Mono.create((sink) -> {
			HttpChannel channel = this.connector.newChannel(connection);
			new ServletStream(id, channel, this.connector.getExecutor(), request.receive().retain(), response, sink)
				.start(metaData, features, forwardedPrefix, tls(request));
		});
	}

	private static HttpVersion version(String protocol) {
		return switch (protocol) {
			case "HTTP/2.0" -> HttpVersion.HTTP_2;
			case "HTTP/3.0" -> HttpVersion.HTTP_3;
			case "HTTP/1.0" -> HttpVersion.HTTP_1_0;
			default -> HttpVersion.HTTP_1_1;
		};
	}

	private static SocketAddress remoteAddress(@Nullable InetSocketAddress address, HttpServerRequest request) {
		return (address != null) ? address : socketAddress(request, true);
	}

	private static SocketAddress localAddress(@Nullable InetSocketAddress address, HttpServerRequest request) {
		return (address != null) ? address : socketAddress(request, false);
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

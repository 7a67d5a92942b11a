package io.github.serverimpl.httpsys;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.serverimpl.features.HttpConnectionFeature;
import io.github.serverimpl.features.RequestFeatures;
import io.github.serverimpl.httpsys.nativeapi.HttpApiLibrary;
import io.github.serverimpl.httpsys.nativeapi.InMemoryHttpApiLibrary;
import io.github.serverimpl.httpsys.nativeapi.FakeRequest;
import io.github.serverimpl.httpsys.nativeapi.FakeResponse;
import io.github.serverimpl.webflux.AuthenticationFeatureWebFilter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.WebServer;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.web.reactive.function.server.HandlerStrategies;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

/**
 * The HTTP.sys server, its request loop and the shared feature adapter serving a Spring WebFlux
 * application, over an in-memory implementation of the HTTP Server API (this machine has no
 * Windows): requests are laid out in the receive buffer as {@code HTTP_REQUEST_V2} and responses
 * read back from the structs the server sends.
 */
class HttpSysWebServerWithInMemoryHttpApiTests {

	private final InMemoryHttpApiLibrary httpApi = new InMemoryHttpApiLibrary();

	private WebServer server;

	@AfterEach
	void stop() {
		this.slowRelease.countDown();
		if (this.server != null) {
			this.server.stop();
		}
	}

	private final CountDownLatch slowStarted = new CountDownLatch(1);

	private final CountDownLatch slowRelease = new CountDownLatch(1);

	private void start(HttpSysOptions options) {
		HttpSysReactiveWebServerFactory factory = new HttpSysReactiveWebServerFactory(this.httpApi::api);
		factory.setOptions(options.urlPrefixes().isEmpty()
				? options.withUrlPrefixes(List.of(UrlPrefix.parse("http://localhost:8080/"))) : options);
		this.server = factory.getWebServer(RouterFunctions.toHttpHandler(routes(),
				HandlerStrategies.builder().webFilter(new AuthenticationFeatureWebFilter()).build()));
		this.server.start();
	}

	private void start() {
		start(HttpSysOptions.defaults().withMaxAccepts(2));
	}

	private RouterFunction<ServerResponse> routes() {
		return RouterFunctions.route()
			.GET("/hello", (request) -> ServerResponse.ok()
				.header("X-Custom", "one")
				.cookie(ResponseCookie.from("a", "1").build())
				.cookie(ResponseCookie.from("b", "2").build())
				.bodyValue("Hello " + request.queryParam("name").orElse("?") + " from " + request.method() + " "
						+ request.path() + ", trace " + request.headers().firstHeader("X-Trace") + ", accept "
						+ request.headers().firstHeader("Accept") + ", cookie length "
						+ String.valueOf(request.headers().firstHeader("Cookie")).length() + ", remote "
						+ request.remoteAddress().map(Object::toString).orElse("?") + ", connection "
						+ RequestFeatures.of(request.exchange()).get(HttpConnectionFeature.class).connectionId()))
			.POST("/echo", (request) -> ServerResponse.ok()
				.contentType(MediaType.APPLICATION_OCTET_STREAM)
				.body(request.bodyToFlux(DataBuffer.class), DataBuffer.class))
			.POST("/read", (request) -> request.bodyToMono(String.class)
				.flatMap((body) -> ServerResponse.ok().bodyValue("read " + body.length())))
			.GET("/broken", (request) -> ServerResponse.ok()
				.body(Flux.just("part one, ", "part two").map(this::buffer)
					.concatWith(Mono.error(new IllegalStateException("failed half-way"))), DataBuffer.class))
			.GET("/cached", (request) -> ServerResponse.ok().header("Cache-Control", "public, max-age=60")
				.bodyValue("cache me"))
			.GET("/base/**", (request) -> ServerResponse.ok().bodyValue("context path '"
					+ request.requestPath().contextPath().value() + "', within "
					+ request.requestPath().pathWithinApplication().value()))
			.GET("/slow", (request) -> Mono.fromCallable(() -> {
				this.slowStarted.countDown();
				return this.slowRelease.await(10, TimeUnit.SECONDS);
			}).subscribeOn(Schedulers.boundedElastic()).flatMap((released) -> ServerResponse.ok().bodyValue("slow")))
			.GET("/me", (request) -> request.principal()
				.flatMap((user) -> ServerResponse.ok().bodyValue("user " + user.getName()))
				.switchIfEmpty(ServerResponse.ok().bodyValue("anonymous")))
			.build();
	}

	private DataBuffer buffer(String text) {
		return DefaultDataBufferFactory.sharedInstance.wrap(text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void servesARequestWithKnownAndUnknownHeadersInOneSendWithAContentLength() throws Exception {
		start();
		FakeResponse response = this.httpApi.deliver(new FakeRequest("GET", "/hello?name=Ada")
			.header("Host", "localhost:8080").header("Accept", "text/plain").header("X-Trace", "t-1"))
			.response();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.reason()).isEqualTo("OK");
		assertThat(response.body()).isEqualTo("Hello Ada from GET /hello, trace t-1, accept text/plain, cookie length 4,"
				+ " remote /10.0.0.7:50123, connection C0FFEE");
		assertThat(response.headers("Content-Length")).containsExactly(String.valueOf(response.body().length()));
		assertThat(response.headers("X-Custom")).containsExactly("one");
		assertThat(response.headers("Set-Cookie")).containsExactly("a=1", "b=2");
		assertThat(response.sendFlags()).containsExactly(0);
		assertThat(response.cancelled()).isFalse();
	}

	@Test
	void receivesARequestLargerThanTheBufferAgainByItsIdAfterGrowingTheBuffer() throws Exception {
		start(HttpSysOptions.defaults().withMaxAccepts(1));
		String cookie = "c=" + "x".repeat(10_000);
		FakeRequest request = this.httpApi.deliver(new FakeRequest("GET", "/hello").header("Cookie", cookie));
		assertThat(request.response().body()).contains("cookie length " + cookie.length());
		List<Integer> sizes = this.httpApi.receiveBufferSizes();
		assertThat(sizes.get(0)).isEqualTo(4096);
		assertThat(sizes.get(1)).isGreaterThan(cookie.length());
	}

	@Test
	void gathersASmallStreamedBodyIntoOneSendWithAContentLength() throws Exception {
		start();
		FakeResponse response = this.httpApi.deliver(new FakeRequest("POST", "/echo")
			.header("Transfer-Encoding", "chunked").body("first,").body("second,").body("third")).response();
		assertThat(response.body()).isEqualTo("first,second,third");
		assertThat(response.headers("Content-Length")).containsExactly("18");
		assertThat(response.sendFlags()).containsExactly(0);
	}

	@Test
	void streamsABodyLargerThanTheBufferBackChunked() throws Exception {
		start();
		String a = "a".repeat(10_000);
		String b = "b".repeat(10_000);
		String c = "c".repeat(10_000);
		FakeResponse response = this.httpApi.deliver(new FakeRequest("POST", "/echo")
			.header("Transfer-Encoding", "chunked").body(a).body(b).body(c)).response();
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.headers("Transfer-Encoding")).containsExactly("chunked");
		assertThat(response.headers("Content-Length")).isEmpty();
		assertThat(dechunk(response.body())).isEqualTo(a + b + c);
		assertThat(response.body()).endsWith("0\r\n\r\n");
		assertThat(response.sendFlags().get(0)).isEqualTo(HttpApiLibrary.HTTP_SEND_RESPONSE_FLAG_MORE_DATA);
		assertThat(response.sendFlags().get(response.sendFlags().size() - 1)).isZero();
	}

	@Test
	void endsAnHttp10ResponseWithoutLengthByClosingTheConnection() throws Exception {
		start();
		String body = "x".repeat(40_000);
		FakeResponse response = this.httpApi.deliver(new FakeRequest("POST", "/echo").http10()
			.header("Content-Length", "40000").body(body)).response();
		assertThat(response.headers("Transfer-Encoding")).isEmpty();
		assertThat(response.headers("Content-Length")).isEmpty();
		assertThat(response.body()).isEqualTo(body);
		assertThat(response.disconnects()).isTrue();
	}

	@Test
	void cancelsTheRequestWhenTheClientGoesAwayDuringTheBody() throws Exception {
		start();
		FakeRequest request = this.httpApi.deliver(new FakeRequest("POST", "/read")
			.header("Content-Length", "100").body("partial").body("never read").disconnectAfterBodyReads(1));
		FakeResponse response = request.response();
		assertThat(response.cancelled()).isTrue();
		assertThat(this.httpApi.calls()).contains("HttpCancelHttpRequest");
	}

	@Test
	void abortsAResponseThatFailsAfterItStartedInsteadOfEndingItCleanly() throws Exception {
		start();
		FakeResponse response = this.httpApi.deliver(new FakeRequest("GET", "/broken")).response();
		await().untilAsserted(() -> assertThat(response.cancelled()).isTrue());
		assertThat(response.body()).doesNotEndWith("0\r\n\r\n");
	}

	@Test
	void dropsWritesToAClientThatWentAwayUnlessAskedToThrow() throws Exception {
		start();
		FakeRequest request = this.httpApi.deliver(new FakeRequest("GET", "/hello").clientGone());
		assertThat(request.response().cancelled()).isTrue();
		assertThat(request.response().status()).isZero();
	}

	@Test
	void answersABodyOverTheLimitWith413AndClosesTheConnection() throws Exception {
		start(HttpSysOptions.defaults().withMaxAccepts(1).withMaxRequestBodySize(10L));
		FakeResponse declared = this.httpApi.deliver(new FakeRequest("POST", "/read")
			.header("Content-Length", "11").body("01234567890")).response();
		assertThat(declared.status()).isEqualTo(413);
		assertThat(declared.disconnects()).isTrue();
		FakeResponse counted = this.httpApi.deliver(new FakeRequest("POST", "/read")
			.header("Transfer-Encoding", "chunked").body("012345").body("67890")).response();
		assertThat(counted.status()).isEqualTo(413);
		FakeResponse within = this.httpApi.deliver(new FakeRequest("POST", "/read")
			.header("Content-Length", "10").body("0123456789")).response();
		assertThat(within.body()).isEqualTo("read 10");
	}

	@Test
	void hands_cacheable_responses_to_the_kernel_cache() throws Exception {
		start();
		assertThat(this.httpApi.deliver(new FakeRequest("GET", "/cached")).response().cacheSeconds()).isEqualTo(60);
		assertThat(this.httpApi.deliver(new FakeRequest("GET", "/hello")).response().cacheSeconds()).isZero();
	}

	@Test
	void challengesAnonymousRequestsWhenAnonymousIsNotAllowedAndNamesTheAuthenticatedUser() throws Exception {
		start(HttpSysOptions.defaults().withMaxAccepts(1).withAuthentication(new HttpSysOptions.Authentication(
				Set.of(AuthenticationScheme.NTLM, AuthenticationScheme.NEGOTIATE), false)));
		FakeResponse anonymous = this.httpApi.deliver(new FakeRequest("GET", "/me")).response();
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.headers("WWW-Authenticate")).containsExactly("Negotiate", "NTLM");
		FakeResponse authenticated = this.httpApi.deliver(new FakeRequest("GET", "/me").authenticated(0x1234)).response();
		assertThat(authenticated.body()).isEqualTo("user TEST\\user" + 0x1234);
		byte[] auth = this.httpApi.property(HttpApiLibrary.HttpServerAuthenticationProperty);
		assertThat(ByteBuffer.wrap(auth).order(ByteOrder.LITTLE_ENDIAN).getInt(4))
			.isEqualTo(HttpApiLibrary.SdkOnly.HTTP_AUTH_ENABLE_NTLM | HttpApiLibrary.SdkOnly.HTTP_AUTH_ENABLE_NEGOTIATE);
	}

	@Test
	void appliesTimeoutsConnectionAndQueueLimitsBeforeBindingAndRegistering() {
		HttpSysOptions defaults = HttpSysOptions.defaults();
		start(new HttpSysOptions(List.of(), defaults.authentication(), 1, 500L, defaults.maxRequestBodySize(), 2000,
				null, RequestQueueMode.CREATE, true, Http503Verbosity.LIMITED, false, false,
				new HttpSysOptions.Timeouts(Duration.ofSeconds(30), null, null, Duration.ofMinutes(1), null, -1L)));
		ByteBuffer timeouts = ByteBuffer.wrap(this.httpApi.property(HttpApiLibrary.HttpServerTimeoutsProperty))
			.order(ByteOrder.LITTLE_ENDIAN);
		assertThat(timeouts.getShort(4)).isEqualTo((short) 30);
		assertThat(timeouts.getShort(10)).isEqualTo((short) 60);
		assertThat(timeouts.getInt(16)).isEqualTo(-1);
		assertThat(ByteBuffer.wrap(this.httpApi.property(HttpApiLibrary.HttpServerQueueLengthProperty))
			.order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(2000);
		assertThat(ByteBuffer.wrap(this.httpApi.property(HttpApiLibrary.HttpServer503VerbosityProperty))
			.order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(HttpApiLibrary.Http503ResponseVerbosityLimited);
		assertThat(this.httpApi.calls()).containsSubsequence("HttpCreateServerSession", "HttpCreateRequestQueue:0",
				"HttpCreateUrlGroup", "HttpSetUrlGroupProperty:" + HttpApiLibrary.HttpServerQosProperty,
				"HttpSetUrlGroupProperty:" + HttpApiLibrary.HttpServerTimeoutsProperty,
				"HttpSetUrlGroupProperty:" + HttpApiLibrary.HttpServerBindingProperty,
				"HttpAddUrlToUrlGroup:http://localhost:8080/");
		assertThat(((HttpSysWebServer) this.server).getServerFeatures().getAddresses().getAddresses())
			.containsExactly("http://localhost:8080/");
		assertThat(this.server.getPort()).isEqualTo(8080);
	}

	@Test
	void stopsWithEveryReceiveOutstandingAndClosesInReverseOrder() {
		start(HttpSysOptions.defaults().withMaxAccepts(4));
		await().until(() -> this.httpApi.waitingReceives() == 4);
		this.server.stop();
		this.server = null;
		assertThat(this.httpApi.waitingReceives()).isZero();
		List<String> calls = this.httpApi.calls();
		assertThat(calls.subList(calls.indexOf("HttpRemoveUrlFromUrlGroup:http://localhost:8080/"), calls.size()))
			.containsExactly("HttpRemoveUrlFromUrlGroup:http://localhost:8080/",
					"HttpSetUrlGroupProperty:" + HttpApiLibrary.HttpServerBindingProperty, "HttpShutdownRequestQueue",
					"HttpCloseRequestQueue", "HttpCloseUrlGroup", "HttpCloseServerSession");
	}

	@Test
	void reportsAMissingUrlAclAndReleasesWhatItOpened() {
		this.httpApi.fail("HttpAddUrlToUrlGroup:http://localhost:8080/", HttpApiLibrary.ERROR_ACCESS_DENIED);
		assertThatExceptionOfType(UrlPrefixRegistrationException.class).isThrownBy(this::start)
			.satisfies((ex) -> assertThat(ex.isAccessDenied()).isTrue())
			.withMessageContaining("http://localhost:8080/");
		this.server = null;
		assertThat(this.httpApi.calls()).endsWith("HttpSetUrlGroupProperty:" + HttpApiLibrary.HttpServerBindingProperty,
				"HttpCloseUrlGroup", "HttpCloseRequestQueue", "HttpCloseServerSession");
	}

	@Test
	void makesThePathOfTheMatchedPrefixTheContextPath() throws Exception {
		start(HttpSysOptions.defaults().withMaxAccepts(1).withUrlPrefixes(List.of(
				UrlPrefix.parse("http://localhost:8080/"), UrlPrefix.parse("http://localhost:8080/app/"))));
		assertThat(this.httpApi.calls()).contains("HttpAddUrlToUrlGroup:http://localhost:8080/app/");
		FakeResponse underApp = this.httpApi.deliver(new FakeRequest("GET", "/APP/base/x").matchedPrefix(2))
			.response();
		assertThat(underApp.body()).isEqualTo("context path '/APP', within /base/x");
		FakeResponse atRoot = this.httpApi.deliver(new FakeRequest("GET", "/base/x").matchedPrefix(1)).response();
		assertThat(atRoot.body()).isEqualTo("context path '', within /base/x");
	}

	@Test
	void shutsDownGracefullyOnceTheRequestsBeingServedAreAnswered() throws Exception {
		start();
		FakeRequest slow = this.httpApi.deliver(new FakeRequest("GET", "/slow"));
		assertThat(this.slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
		AtomicReference<GracefulShutdownResult> result = new AtomicReference<>();
		this.server.shutDownGracefully(result::set);
		assertThat(this.httpApi.calls()).contains("HttpRemoveUrlFromUrlGroup:http://localhost:8080/")
			.doesNotContain("HttpShutdownRequestQueue");
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2))
			.untilAsserted(() -> assertThat(result.get()).as("while a request is being served").isNull());
		this.slowRelease.countDown();
		assertThat(slow.response().body()).isEqualTo("slow");
		await().untilAsserted(() -> assertThat(result.get()).isEqualTo(GracefulShutdownResult.IDLE));
	}

	private static String dechunk(String chunked) {
		StringBuilder body = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = chunked.indexOf("\r\n", at);
			int size = Integer.parseInt(chunked.substring(at, lineEnd), 16);
			if (size == 0) {
				return body.toString();
			}
			body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}

}

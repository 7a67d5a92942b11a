package io.github.serverimpl.it;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.serverimpl.features.ServerAddressesFeature;
import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.HttpProtocol;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Security's filter chain in a Spring MVC application served by Kestrel, through real
 * sockets: form login with its CSRF token and the session it starts, HTTP Basic, 401 and 403
 * (through Boot's error page), relative redirects as Tomcat and Jetty send them, and the same over
 * h2c.
 */
class SpringSecurityOnKestrelTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private static ConfigurableApplicationContext context;

	private static String base;

	@BeforeAll
	static void start() {
		SpringApplication application = new SpringApplication(SecuredApplication.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		context = application.run("--server.port=0", "--server.address=127.0.0.1", "--server.http2.enabled=true",
				"--spring.main.banner-mode=off");
		base = "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	@AfterAll
	static void stop() {
		if (context != null) {
			context.close();
		}
	}

	@Test
	void kestrelServesTheSecuredApplication() {
		assertThat(context.getBean(KestrelServletWebServerFactory.class)).isNotNull();
		assertThat(context.getBean(ServerAddressesFeature.class).getAddresses()).containsExactly(base);
	}

	@Test
	void anAnonymousRequestIsSentToTheLoginPageAndAPublicOneIsServed() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		HttpResponse<String> redirected = client.send(get("/private").header("Accept", "text/html").build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(redirected.statusCode()).as("a browser").isEqualTo(302);
		assertThat(redirected.headers().firstValue("Location")).as("relative, as Tomcat and Jetty send it")
			.hasValue("/login");
		HttpResponse<String> challenged = client.send(get("/private").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(challenged.statusCode()).as("another client").isEqualTo(401);
		assertThat(challenged.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
				(challenge) -> assertThat(challenge).startsWith("Basic"));
		HttpResponse<String> open = client.send(get("/public").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(open.statusCode() + " " + open.body()).isEqualTo("200 public");
		assertThat(open.headers().firstValue("Server")).hasValue("Kestrel");
	}

	@Test
	void httpBasicAuthenticatesAndRolesAreEnforced() throws Exception {
		HttpClient client = HttpClient.newHttpClient();
		assertThat(client.send(get("/private").header("Authorization", basic("user", "wrong")).build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		HttpResponse<String> user = client.send(get("/private").header("Authorization", basic("user", "password"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(user.statusCode() + " " + user.body()).isEqualTo("200 hello user");
		assertThat(client.send(get("/admin").header("Authorization", basic("user", "password")).build(),
				HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
		assertThat(client.send(get("/admin").header("Authorization", basic("admin", "secret")).build(),
				HttpResponse.BodyHandlers.ofString()).body()).isEqualTo("admin area");
	}

	@Test
	void formLoginNeedsItsCsrfTokenAndStartsASession() throws Exception {
		HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
		HttpResponse<String> page = client.send(get("/login").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(page.statusCode()).isEqualTo(200);
		Matcher token = CSRF.matcher(page.body());
		assertThat(token.find()).as(page.body()).isTrue();

		HttpResponse<String> forged = client.send(form("username=user&password=password"),
				HttpResponse.BodyHandlers.ofString());
		assertThat(forged.statusCode()).as("a login without the CSRF token").isEqualTo(403);

		HttpResponse<String> login = client.send(
				form("username=user&password=password&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)),
				HttpResponse.BodyHandlers.ofString());
		assertThat(login.statusCode()).isEqualTo(302);
		assertThat(login.headers().firstValue("Location")).hasValueSatisfying(
				(location) -> assertThat(location).startsWith("/"));
		HttpResponse<String> afterwards = client.send(get("/private").build(), HttpResponse.BodyHandlers.ofString());
		assertThat(afterwards.statusCode() + " " + afterwards.body()).isEqualTo("200 hello user");
	}

	@Test
	void theFilterChainRunsForHttp2RequestsToo() {
		String answer = reactor.netty.http.client.HttpClient.create()
			.protocol(HttpProtocol.H2C)
			.headers((headers) -> headers.set("Authorization", basic("user", "password")))
			.get()
			.uri(base + "/private")
			.responseSingle((response, body) -> body.asString()
				.map((text) -> response.version() + " " + response.status().code() + " " + text))
			.block(Duration.ofSeconds(10));
		assertThat(answer).isEqualTo("HTTP/2.0 200 hello user");
	}

	private static HttpRequest.Builder get(String path) {
		return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
	}

	private static HttpRequest form(String body) {
		return HttpRequest.newBuilder(URI.create(base + "/login"))
			.timeout(Duration.ofSeconds(10))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class SecuredApplication {

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http
				.authorizeHttpRequests((requests) -> requests.requestMatchers("/public", "/login", "/error")
					.permitAll()
					.requestMatchers("/admin")
					.hasRole("ADMIN")
					.anyRequest()
					.authenticated())
				.formLogin(Customizer.withDefaults())
				.httpBasic(Customizer.withDefaults())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("user").password("{noop}password").roles("USER").build(),
					User.withUsername("admin").password("{noop}secret").roles("USER", "ADMIN").build());
		}

		@Bean
		SecuredController securedController() {
			return new SecuredController();
		}

	}

	@RestController
	static class SecuredController {

		@GetMapping("/public")
		String open() {
			return "public";
		}

		@GetMapping("/private")
		String hello(Principal principal) {
			return "hello " + principal.getName();
		}

		@GetMapping("/admin")
		String admin() {
			return "admin area";
		}

	}

}

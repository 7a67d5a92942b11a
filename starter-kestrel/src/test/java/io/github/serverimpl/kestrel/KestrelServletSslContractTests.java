package io.github.serverimpl.kestrel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

import javax.net.ssl.SSLParameters;

import io.github.serverimpl.kestrel.servlet.KestrelServletWebServerFactory;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.servlet.ServletContextInitializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * The SSL part of the servlet web server factory contract: {@code server.ssl.*} from PEM files and
 * from a PKCS#12 key store with a key alias, a missing alias, a JKS key with its own password, a
 * trust store or a PEM trust certificate for client certificates, SSL disabled, protocols and
 * ciphers, the application's Server header, and client certificates wanted and needed, over
 * HTTP/1.1 and HTTP/2. A servlet sees the TLS
 * session as the servlet specification names it ({@code jakarta.servlet.request.X509Certificate}
 * and the cipher suite, key size and session id attributes).
 */
class KestrelServletSslContractTests extends AbstractServletContractTests {

	private static final String CIPHER = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

	private static final char[] PASSWORD = "secret".toCharArray();

	@Test
	void pemCertificateAndKeyFromTheClassPathServeHttps() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setSsl(pemSsl());
		start(factory, tls());
		HttpResponse<String> response = https(clientTrustingTheServer(), "/tls");
		assertThat(response.body()).isEqualTo("https secure port=" + this.webServer.getPort() + " client=none");
		assertThat(response.headers().firstValue("Server")).hasValue("Kestrel");
	}

	@Test
	void aKeyStoreOnTheFileSystemServesTheKeyItsAliasNames() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Ssl ssl = keyStoreSsl(writeKeyStore());
		ssl.setKeyAlias("other");
		factory.setSsl(ssl);
		start(factory, tls());
		assertThat(TestClients.certificateSubject(this.webServer.getPort(), null)).isEqualTo("CN=other.example");
		ssl.setKeyAlias("localhost");
		this.webServer.destroy();
		start(factory, tls());
		assertThat(TestClients.certificateSubject(this.webServer.getPort(), null)).isEqualTo("CN=localhost");
	}

	@Test
	void aKeyAliasTheKeyStoreLacksStopsStartUpNamingIt() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Ssl ssl = keyStoreSsl(writeKeyStore());
		ssl.setKeyAlias("missing");
		factory.setSsl(ssl);
		assertThatException().isThrownBy(() -> start(factory, tls()))
			.satisfies((ex) -> assertThat(messages(ex)).contains("missing"));
	}

	@Test
	void disabledSslServesClearText() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Ssl ssl = pemSsl();
		ssl.setEnabled(false);
		factory.setSsl(ssl);
		start(factory, tls());
		assertThat(get("/tls").body()).isEqualTo("http clear port=" + this.webServer.getPort() + " client=none");
		assertThatIOException().as("no TLS handshake").isThrownBy(() -> https(clientTrustingTheServer(), "/tls"));
	}

	@Test
	void aServerHeaderOfTheApplicationsIsSentOverHttps() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setSsl(pemSsl());
		factory.setServerHeader("MyServer");
		start(factory, tls());
		assertThat(https(clientTrustingTheServer(), "/tls").headers().firstValue("Server")).hasValue("MyServer");
	}

	@Test
	void aJksKeyWithItsOwnPasswordAndAPkcs12TrustStoreAskForClientCertificates() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Ssl ssl = new Ssl();
		ssl.setKeyStore(writeStore("JKS", "keystore.jks", "localhost", "key-secret").toUri().toString());
		ssl.setKeyStoreType("JKS");
		ssl.setKeyStorePassword(new String(PASSWORD));
		ssl.setKeyPassword("key-secret");
		ssl.setTrustStore(writeStore("PKCS12", "truststore.p12", "other", null).toUri().toString());
		ssl.setTrustStoreType("PKCS12");
		ssl.setTrustStorePassword(new String(PASSWORD));
		ssl.setClientAuth(Ssl.ClientAuth.NEED);
		factory.setSsl(ssl);
		start(factory, tls());
		assertTheClientCertificateIsNeeded();
	}

	@Test
	void aPemTrustCertificateFromServerSslAsksForClientCertificates() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Ssl ssl = pemSsl();
		ssl.setTrustCertificate("classpath:ssl/other.crt");
		ssl.setClientAuth(Ssl.ClientAuth.NEED);
		factory.setSsl(ssl);
		start(factory, tls());
		assertTheClientCertificateIsNeeded();
	}

	@Test
	void enabledProtocolsAndCiphersLimitTheHandshakeAndTheServletSeesTheCipher() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		Ssl ssl = pemSsl();
		ssl.setEnabledProtocols(new String[] { "TLSv1.2" });
		ssl.setCiphers(new String[] { CIPHER });
		factory.setSsl(ssl);
		start(factory, servlet("/cipher", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				response.getWriter().print(request.getAttribute("jakarta.servlet.request.cipher_suite") + " "
						+ request.getAttribute("jakarta.servlet.request.key_size") + " "
						+ !String.valueOf(request.getAttribute("jakarta.servlet.request.ssl_session_id")).isEmpty());
			}

		}));
		assertThat(https(clientTrustingTheServer(), "/cipher").body()).isEqualTo(CIPHER + " 128 true");
		SSLParameters tls13Only = new SSLParameters();
		tls13Only.setProtocols(new String[] { "TLSv1.3" });
		HttpClient tls13 = HttpClient.newBuilder().sslContext(TestBundles.bundle("other", "localhost")
			.createSslContext()).sslParameters(tls13Only).build();
		assertThatIOException().as("TLS 1.3 is not enabled").isThrownBy(() -> https(tls13, "/cipher"));
	}

	@Test
	void aNeededClientCertificateReachesTheServletAndNoCertificateNoHandshake() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setSslBundles(bundles());
		factory.setSsl(clientAuthSsl(Ssl.ClientAuth.NEED));
		start(factory, tls());
		assertTheClientCertificateIsNeeded();
	}

	@Test
	void aWantedClientCertificateIsOptional() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setSslBundles(bundles());
		factory.setSsl(clientAuthSsl(Ssl.ClientAuth.WANT));
		start(factory, tls());
		assertThat(https(clientWithCertificate(), "/tls").body()).endsWith("client=CN=other.example");
		assertThat(https(clientTrustingTheServer(), "/tls").body()).endsWith("client=none");
	}

	@Test
	void anHttp2StreamSeesItsConnectionsClientCertificate() throws Exception {
		KestrelServletWebServerFactory factory = factory();
		factory.setSslBundles(bundles());
		factory.setSsl(clientAuthSsl(Ssl.ClientAuth.NEED));
		Http2 http2 = new Http2();
		http2.setEnabled(true);
		factory.setHttp2(http2);
		start(factory, tls());
		HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
			.sslContext(TestBundles.bundle("other", "localhost").createSslContext()).build();
		HttpResponse<String> response = https(h2, "/tls");
		assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_2);
		assertThat(response.body()).endsWith("client=CN=other.example");
	}

	/** A client with a certificate gets through to the servlet, which sees it; one without, not. */
	private void assertTheClientCertificateIsNeeded() throws Exception {
		assertThat(https(clientWithCertificate(), "/tls").body()).endsWith("client=CN=other.example");
		assertThatIOException().as("a handshake without a client certificate")
			.isThrownBy(() -> https(clientTrustingTheServer(), "/tls"));
	}

	/**
	 * A servlet at {@code /tls} that answers with the scheme, whether the request is secure, the
	 * server port and the subject of the client's certificate.
	 */
	private static ServletContextInitializer tls() {
		return servlet("/tls", new HttpServlet() {

			@Override
			protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
				X509Certificate[] certificates = (X509Certificate[]) request
					.getAttribute("jakarta.servlet.request.X509Certificate");
				String client = (certificates != null)
						? certificates[0].getSubjectX500Principal().getName() : "none";
				response.getWriter().print(request.getScheme() + " " + (request.isSecure() ? "secure" : "clear")
						+ " port=" + request.getServerPort() + " client=" + client);
			}

		});
	}

	private HttpResponse<String> https(HttpClient client, String path) throws Exception {
		return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + this.webServer.getPort() + path))
			.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	/** A client that trusts the server's certificate and has none of its own. */
	private static HttpClient clientTrustingTheServer() {
		return HttpClient.newBuilder().sslContext(TestBundles.trusting("localhost").createSslContext()).build();
	}

	/** A client that trusts the server's certificate and presents CN=other.example's. */
	private static HttpClient clientWithCertificate() {
		return HttpClient.newBuilder().sslContext(TestBundles.bundle("other", "localhost").createSslContext())
			.build();
	}

	private static Ssl pemSsl() {
		Ssl ssl = new Ssl();
		ssl.setCertificate("classpath:ssl/localhost.crt");
		ssl.setCertificatePrivateKey("classpath:ssl/localhost.key");
		return ssl;
	}

	private static Ssl keyStoreSsl(Path keyStore) {
		Ssl ssl = new Ssl();
		ssl.setKeyStore(keyStore.toUri().toString());
		ssl.setKeyStorePassword(new String(PASSWORD));
		ssl.setKeyStoreType("PKCS12");
		return ssl;
	}

	/** {@code server.ssl.bundle} naming a bundle that trusts the client's certificate. */
	private static Ssl clientAuthSsl(Ssl.ClientAuth clientAuth) {
		Ssl ssl = new Ssl();
		ssl.setBundle("mutual");
		ssl.setClientAuth(clientAuth);
		return ssl;
	}

	private static DefaultSslBundleRegistry bundles() {
		DefaultSslBundleRegistry registry = TestBundles.registry();
		registry.registerBundle("mutual", TestBundles.bundle("localhost", "other"));
		return registry;
	}

	/** A PKCS#12 key store in the test's directory with two keys, {@code localhost} and {@code other}. */
	private Path writeKeyStore() throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		store.load(null, null);
		for (String name : new String[] { "localhost", "other" }) {
			PemContent certificate = pem(name + ".crt");
			store.setKeyEntry(name, pem(name + ".key").getPrivateKey(), PASSWORD,
					certificate.getCertificates().toArray(new X509Certificate[0]));
		}
		Path file = this.temp.resolve("keystore.p12");
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, PASSWORD);
		}
		return file;
	}

	/**
	 * A key store of the given type in the test's directory, with {@code name}'s key (under its own
	 * password) or, without a key password, {@code name}'s certificate as a trusted entry.
	 */
	private Path writeStore(String type, String fileName, String name, String keyPassword) throws Exception {
		KeyStore store = KeyStore.getInstance(type);
		store.load(null, null);
		PemContent certificate = pem(name + ".crt");
		X509Certificate[] chain = certificate.getCertificates().toArray(new X509Certificate[0]);
		if (keyPassword != null) {
			store.setKeyEntry(name, pem(name + ".key").getPrivateKey(), keyPassword.toCharArray(), chain);
		}
		else {
			store.setCertificateEntry(name, chain[0]);
		}
		Path file = this.temp.resolve(fileName);
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, PASSWORD);
		}
		return file;
	}

	private static PemContent pem(String file) throws IOException {
		try (InputStream in = KestrelServletSslContractTests.class.getResourceAsStream("/ssl/" + file)) {
			return PemContent.load(in);
		}
	}

}

package dev.entrepot.integrations.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;

import dev.entrepot.platform.api.ApiException;
import io.vertx.core.Vertx;
import io.vertx.core.net.PfxOptions;

/**
 * {@link ThirdPartyHttp} against a real TLS server on 127.0.0.1 whose certificate names only
 * {@code provider.test} and {@code rebind.test}, names no system resolver knows: the guard's resolver (a
 * test's, counting) answers for them. A call that succeeds therefore went to the address the guard
 * checked, and was verified against the name; no connection goes outside 127.0.0.0/8.
 */
class PinnedConnectionTest {

    private static final String PASSWORD = "test-only-password";

    private static Path keyStore;
    private static HttpsServer server;
    private static int port;
    private static final List<String> seen = new CopyOnWriteArrayList<>();
    private static Vertx vertx;

    private final Map<String, List<List<InetAddress>>> answers = new ConcurrentHashMap<>();
    private final List<String> lookups = Collections.synchronizedList(new ArrayList<>());
    private final List<ThirdPartyHttp> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        Path directory = Files.createTempDirectory("pinned-tls");
        keyStore = directory.resolve("provider.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "provider", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=provider.test",
                "-ext", "SAN=dns:provider.test,dns:rebind.test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", PinnedConnectionTest::answer);
        server.start();
        port = server.getAddress().getPort();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.stop(0);
        vertx.close().toCompletionStage().toCompletableFuture().join();
        Files.deleteIfExists(keyStore);
    }

    @BeforeEach
    void forget() {
        seen.clear();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ThirdPartyHttp::close);
    }

    /** Records the SNI name and Host header of what arrives; {@code /large} answers 1 MiB. */
    private static void answer(HttpExchange exchange) throws IOException {
        ExtendedSSLSession session = (ExtendedSSLSession) ((HttpsExchange) exchange).getSSLSession();
        String sni = session.getRequestedServerNames().stream().map(name -> ((SNIHostName) name).getAsciiName()).findFirst().orElse("none");
        seen.add(sni + " " + exchange.getRequestHeaders().getFirst("Host") + " " + exchange.getRequestURI());
        byte[] body = exchange.getRequestURI().getPath().equals("/large") ? new byte[1024 * 1024] : "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private ThirdPartyHttp client(Set<String> allowed) {
        UrlGuard.Resolver resolver = name -> {
            lookups.add(name);
            List<List<InetAddress>> queue = answers.get(name);
            if (queue == null || queue.isEmpty()) {
                throw new UnknownHostException(name);
            }
            return queue.size() == 1 ? queue.get(0) : queue.remove(0);
        };
        ThirdPartyHttp http = new ThirdPartyHttp(vertx, new UrlGuard(allowed, resolver),
                new PfxOptions().setPath(keyStore.toString()).setPassword(PASSWORD));
        clients.add(http);
        return http;
    }

    private static ThirdPartyHttp.Answer get(ThirdPartyHttp http, String url) throws ThirdPartyHttp.Unreachable {
        return http.send("Test", "GET", URI.create(url), Map.of("Accept", List.of("application/json")), null, Duration.ofSeconds(10));
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheNameKeptForHostSniAndTheCertificate() throws Exception {
        answers.put("provider.test", new ArrayList<>(List.of(List.of(loopback(1)))));
        ThirdPartyHttp http = client(Set.of("127.0.0.1"));
        try (ThirdPartyHttp.Answer answer = get(http, "https://provider.test:" + port + "/echo?x=1")) {
            assertThat(answer.status()).isEqualTo(200);
            assertThat(new String(answer.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        }
        assertThat(seen).containsExactly("provider.test provider.test:" + port + " /echo?x=1");
        assertThat(lookups).containsExactly("provider.test");

        // The body is read as it comes, and a body left half read does not jam the client.
        try (ThirdPartyHttp.Answer answer = get(http, "https://provider.test:" + port + "/large")) {
            assertThat(answer.body().readAllBytes()).hasSize(1024 * 1024);
        }
        try (ThirdPartyHttp.Answer answer = get(http, "https://provider.test:" + port + "/large")) {
            assertThat(answer.body().read(new byte[10])).isPositive();
        }
        try (ThirdPartyHttp.Answer answer = get(http, "https://provider.test:" + port + "/echo")) {
            assertThat(answer.status()).isEqualTo(200);
        }
    }

    @Test
    void aNameThatChangesItsAnswerIsCheckedEachTimeAndNeverResolvedASecondTime() throws Exception {
        // First 127.0.0.1 (allowed), then 127.0.0.2 (loopback, not allowed): a rebinding.
        answers.put("rebind.test", new ArrayList<>(List.of(List.of(loopback(1)), List.of(loopback(2)))));
        ThirdPartyHttp http = client(Set.of("127.0.0.1"));
        try (ThirdPartyHttp.Answer answer = get(http, "https://rebind.test:" + port + "/first")) {
            assertThat(answer.status()).isEqualTo(200);
        }
        assertThat(lookups).as("one lookup, the one checked; the client did not resolve again").containsExactly("rebind.test");
        assertThatThrownBy(() -> get(http, "https://rebind.test:" + port + "/second")).isInstanceOfSatisfying(ApiException.class,
                refused -> {
                    assertThat(refused.status()).isEqualTo(403);
                    assertThat(refused.getMessage()).contains("127.0.0.2");
                });
        assertThat(seen).containsExactly("rebind.test rebind.test:" + port + " /first");

        // Every address of a name is checked, not the first only.
        answers.put("mixed.test", new ArrayList<>(List.of(List.of(loopback(1), loopback(2)))));
        assertThatThrownBy(() -> get(http, "https://mixed.test:" + port + "/x")).isInstanceOf(ApiException.class);
        assertThat(seen).hasSize(1);
    }

    @Test
    void theCertificateIsVerifiedAgainstTheNameNotTheAddress() throws Exception {
        answers.put("other.test", new ArrayList<>(List.of(List.of(loopback(1)))));
        ThirdPartyHttp http = client(Set.of("127.0.0.1", "other.test"));
        assertThatThrownBy(() -> get(http, "https://other.test:" + port + "/x")).as("a name the certificate does not carry")
                .isInstanceOf(ThirdPartyHttp.Unreachable.class);
        assertThatThrownBy(() -> get(http, "https://127.0.0.1:" + port + "/x")).as("the address the certificate does not carry")
                .isInstanceOf(ThirdPartyHttp.Unreachable.class);
        assertThatThrownBy(() -> get(http, "https://nowhere.test:" + port + "/x")).as("a name that does not resolve")
                .isInstanceOf(ThirdPartyHttp.Unreachable.class);
        assertThat(seen).isEmpty();
    }

    private static InetAddress loopback(int last) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] { 127, 0, 0, (byte) last });
    }
}

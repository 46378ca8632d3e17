package dev.entrepot.bench;

import static dev.entrepot.bench.Load.await;
import static dev.entrepot.bench.Load.say;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * The identity benchmark: what {@code POST /internal/v1/authenticate} costs for each kind of outside
 * credential, measured in one run against a running identity-service, so the gateway's cache can be sized
 * from the figures. Run it with {@code ./entrepot bench identity}, which starts the service for it.
 */
public final class IdentityBenchmark {

    static final Duration RUN = Duration.ofSeconds(Integer.getInteger("bench.seconds", 10));
    private static final String PASSWORD = "benchmark password";

    private final Vertx vertx = Vertx.vertx();
    private final Load load = new Load(vertx);
    private final HttpClient http;

    IdentityBenchmark(String host, int port) {
        http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(16));
    }

    public static void main(String[] args) throws Exception {
        String service = args.length > 0 ? args[0] : "127.0.0.1:18183";
        IdentityBenchmark bench = new IdentityBenchmark(service.split(":")[0], Integer.parseInt(service.split(":")[1]));
        try {
            bench.run();
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    void run() throws Exception {
        String email = "bench-" + UUID.randomUUID() + "@example.com";
        JsonObject login = await(post("/api/v1/auth/signup", new JsonObject().put("organization", "Benchmark")
                .put("email", email).put("password", PASSWORD), null, 201)).getJsonObject("data");
        String session = "Bearer " + login.getString("token");
        String internal = "Bearer " + authenticateOnce(session);
        String integration = await(post("/api/v1/integrations", new JsonObject().put("name", "bench-" + System.nanoTime() % 100000),
                internal, 201)).getJsonObject("data").getString("id");
        String key = await(post("/api/v1/integrations/" + integration + "/keys", new JsonObject().put("name", "bench"),
                internal, 201)).getJsonObject("data").getString("key");
        String accessToken = "Bearer " + await(post("/api/v1/auth/access-tokens",
                new JsonObject().put("name", "bench").putNull("expires_in"), internal, 201)).getJsonObject("data").getString("token");
        String basic = "Basic " + Base64.getEncoder().encodeToString((email + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));

        say("warming up");
        load.closedLoop(8, RUN, () -> authenticate(key));
        load.closedLoop(8, RUN, () -> authenticate(session));

        List<String> lines = new ArrayList<>();
        Load.Result keys = load.closedLoop(8, RUN, () -> authenticate(key));
        lines.add(keys.line("authenticate: raw API key, 8 in flight"));
        lines.add(load.closedLoop(8, RUN, () -> authenticate(accessToken)).line("authenticate: Bearer access token, 8 in flight"));
        Load.Result sessions = load.closedLoop(8, RUN, () -> authenticate(session));
        lines.add(sessions.line("authenticate: Bearer session token (JWT), 8 in flight"));
        Load.Result passwords = load.closedLoop(2, RUN, () -> authenticate(basic));
        lines.add(passwords.line("authenticate: Basic email:password (Argon2id), 2 in flight"));
        lines.add(load.openLoop(200, RUN, () -> authenticate(key)).line("authenticate: raw API key, fixed 200 req/s"));
        lines.add(load.closedLoop(8, RUN, () -> get("/.well-known/jwks.json")).line("JWKS document, 8 in flight"));
        lines.add(String.format(Locale.ROOT, "  ratio API key / password throughput: %.0f; API key / session token: %.2f",
                keys.throughput() / passwords.throughput(), keys.throughput() / sessions.throughput()));
        System.out.println();
        System.out.println("Identity benchmark: " + RUN.toSeconds() + " s per scenario, "
                + Runtime.getRuntime().availableProcessors() + " cores shared by load, service and PostgreSQL");
        lines.forEach(System.out::println);
    }

    private String authenticateOnce(String authorization) throws Exception {
        return await(post("/internal/v1/authenticate", new JsonObject().put("authorization", authorization), null, 200))
                .getJsonObject("data").getString("token");
    }

    private Future<?> authenticate(String authorization) {
        return post("/internal/v1/authenticate", new JsonObject().put("authorization", authorization), null, 200);
    }

    private Future<JsonObject> post(String uri, JsonObject body, String authorization, int expected) {
        return send(HttpMethod.POST, uri, body, authorization, expected);
    }

    private Future<JsonObject> get(String uri) {
        return send(HttpMethod.GET, uri, null, null, 200);
    }

    private Future<JsonObject> send(HttpMethod method, String uri, JsonObject body, String authorization, int expected) {
        return http.request(new RequestOptions().setMethod(method).setURI(uri).setIdleTimeout(10_000))
                .compose(request -> {
                    request.putHeader("Accept", "application/json");
                    if (authorization != null) {
                        request.putHeader("Authorization", authorization);
                    }
                    if (body == null) {
                        return request.send();
                    }
                    request.putHeader("Content-Type", "application/json");
                    return request.send(Buffer.buffer(body.encode()));
                })
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() != expected) {
                        throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + answer);
                    }
                    return answer.length() == 0 ? new JsonObject() : answer.toJsonObject();
                }));
    }
}

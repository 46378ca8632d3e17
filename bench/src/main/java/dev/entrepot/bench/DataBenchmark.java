package dev.entrepot.bench;

import static dev.entrepot.bench.Load.await;
import static dev.entrepot.bench.Load.say;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import dev.entrepot.platform.testing.LocalServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * The lookup by outside id (docs/architecture.md#integration-data), run by {@code ./entrepot bench data}: among 1,000,000
 * products of one organization, each carrying an {@code erp} external id, {@code GET
 * /products?integrationsData.erp.external_id=…} next to the same lookup by {@code sku} (an ordinary
 * unique column), each at catalog-service and through the gateway, in one run, every answer checked to be
 * exactly the product asked for. The organization is signed up once in identity_bench and its products
 * seeded once in catalog_bench.
 */
public final class DataBenchmark {

    private static final int PRODUCTS = 1_000_000;
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
    /** Enough requests in flight to keep both cores busy; 1 in flight measures a lookup's own latency. */
    private static final int SATURATING = 4;
    private static final String EMAIL = "data-benchmark@example.com";
    private static final String PASSWORD = "data benchmark password";

    private final Vertx vertx = Vertx.vertx();
    private final Load load = new Load(vertx);
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(32));
    private final BenchApi api = new BenchApi(http);
    private final Pool pg;

    private DataBenchmark(String database) {
        PgConnectOptions connect = new PgConnectOptions().setHost(LocalServices.dbHost())
                .setPort(Integer.parseInt(LocalServices.dbPort())).setDatabase(database)
                .setUser(LocalServices.dbUser()).setPassword(LocalServices.dbPassword());
        pg = PgBuilder.pool().connectingTo(connect).using(vertx).build();
    }

    /** Arguments: identity, catalog and gateway as host:port, then the catalog's database. */
    public static void main(String[] args) throws Exception {
        DataBenchmark bench = new DataBenchmark(args[3]);
        try {
            bench.run(args[0], args[1], args[2]);
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private void run(String identity, String catalog, String gateway) throws Exception {
        String session = "Bearer " + session(gateway);
        String organization = await(api.send(HttpMethod.GET, gateway, "/api/v1/me", new JsonObject(), session, 200))
                .getJsonObject("data").getString("organization_id");
        seed(organization);
        String internal = "Bearer " + await(api.send(HttpMethod.POST, identity, "/internal/v1/authenticate",
                new JsonObject().put("authorization", session), null, 200)).getJsonObject("data").getString("token");

        say("warming up for 40 s");
        for (int round = 0; round < 2; round++) {
            for (String target : List.of(catalog, gateway)) {
                interleaved(target, target.equals(catalog) ? internal : session, SATURATING, Duration.ofSeconds(10));
            }
        }
        List<String> lines = new ArrayList<>();
        for (int concurrency : List.of(1, SATURATING)) {
            for (String target : List.of(catalog, gateway)) {
                String token = target.equals(catalog) ? internal : session;
                String where = (target.equals(catalog) ? "at catalog-service" : "through the gateway") + ", " + concurrency
                        + " in flight";
                Load.Result[] results = interleaved(target, token, concurrency, RUN);
                lines.add(results[0].line("by sku, " + where));
                lines.add(results[1].line("by integrationsData.erp.external_id, " + where));
                lines.add(String.format(Locale.ROOT, "  outside id / sku: p50 %.2f×, p99 %.2f×",
                        results[1].p50() / results[0].p50(), results[1].p99() / results[0].p99()));
            }
        }
        System.out.println();
        System.out.println("Integration data benchmark: " + PRODUCTS + " products with an erp external id, " + RUN.toSeconds()
                + " s per scenario (sku and outside-id lookups taking turns), "
                + Runtime.getRuntime().availableProcessors() + " cores shared by load, gateway, identity, catalog and PostgreSQL");
        lines.forEach(System.out::println);
    }

    /**
     * Lookups by sku and by outside id taking turns in one run, so both meet the same machine (this one is
     * noisy): the latencies of each kind, sku first.
     */
    private Load.Result[] interleaved(String target, String token, int concurrency, Duration duration) throws Exception {
        Load.Recorder bySku = new Load.Recorder();
        Load.Recorder byOutsideId = new Load.Recorder();
        AtomicLong turn = new AtomicLong();
        Load.Result both = load.closedLoop(concurrency, duration, () -> {
            boolean sku = turn.getAndIncrement() % 2 == 0;
            long sent = System.nanoTime();
            return (sku ? lookup(target, token, "sku", "SKU-D") : lookup(target, token, "integrationsData.erp.external_id", "ERP-"))
                    .onComplete(outcome -> (sku ? bySku : byOutsideId).record(sent, outcome.failed() ? outcome.cause() : null));
        });
        return new Load.Result[] { bySku.result(both.seconds()), byOutsideId.result(both.seconds()) };
    }

    /** GET one random product by {@code filter}; fails unless the answer is exactly that product. */
    private Future<Integer> lookup(String target, String authorization, String filter, String prefix) {
        int n = 1 + ThreadLocalRandom.current().nextInt(PRODUCTS);
        String uri = "/api/v1/products?" + filter + "=" + prefix + n;
        return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost(BenchApi.host(target))
                .setPort(BenchApi.port(target)).setURI(uri).setIdleTimeout(10_000))
                .compose(request -> request.putHeader("Authorization", authorization).putHeader("Accept", "application/json").send())
                .compose(response -> response.body().map(body -> {
                    JsonArray data = response.statusCode() == 200 ? body.toJsonObject().getJsonArray("data") : null;
                    if (data == null || data.size() != 1 || !("SKU-D" + n).equals(data.getJsonObject(0).getString("sku"))) {
                        throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + body);
                    }
                    return response.statusCode();
                }));
    }

    /** The benchmark organization's session: signed up on the first run, logged in after. */
    private String session(String gateway) throws Exception {
        JsonObject credentials = new JsonObject().put("email", EMAIL).put("password", PASSWORD);
        try {
            return await(api.send(HttpMethod.POST, gateway, "/api/v1/auth/login", credentials, null, 200))
                    .getJsonObject("data").getString("token");
        } catch (Exception notYet) {
            return await(api.send(HttpMethod.POST, gateway, "/api/v1/auth/signup",
                    credentials.copy().put("organization", "Data benchmark"), null, 201)).getJsonObject("data").getString("token");
        }
    }

    /** 1,000,000 products, product n with sku SKU-Dn and erp external id ERP-n; once per organization. */
    private void seed(String organization) throws Exception {
        long have = await(pg.preparedQuery("SELECT count(*) FROM products WHERE org_id = $1").execute(Tuple.of(organization)))
                .iterator().next().getLong(0);
        if (have >= PRODUCTS) {
            say("reusing the " + have + " seeded products");
            return;
        }
        say("seeding " + PRODUCTS + " products with outside ids (once; takes a few minutes)");
        await(pg.preparedQuery("DELETE FROM products WHERE org_id = $1").execute(Tuple.of(organization)));
        int chunk = 100_000;
        for (int from = 1; from <= PRODUCTS; from += chunk) {
            await(pg.preparedQuery("INSERT INTO products (id, org_id, version, created, updated, sku, name_en, price, currency, "
                    + "integrations_data, integrations_versions) "
                    + "SELECT substr(md5('data' || g), 1, 15), $1, 1, now() - g * interval '1 second', now() - g * interval '1 second', "
                    + "'SKU-D' || g, 'Data benchmark product ' || g, 10, 'SAR', "
                    + "jsonb_build_object('erp', jsonb_build_object('external_id', 'ERP-' || g)), jsonb_build_object('erp', g) "
                    + "FROM generate_series($2::int, $3::int) g").execute(Tuple.of(organization, from, from + chunk - 1)));
            say("  " + (from + chunk - 1) + " products");
        }
        await(pg.query("VACUUM ANALYZE products").execute());
    }
}

package dev.entrepot.bench;

import static dev.entrepot.bench.Load.await;
import static dev.entrepot.bench.Load.say;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.LocalServices;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;

/**
 * The catalog benchmark: seeds 1,000,000 products into the benchmark database (once; later runs reuse
 * them), then drives a running catalog-service and, in the same run, {@link ReadCeiling} (a bare Vert.x HTTP
 * server and PostgreSQL client) doing the same get-by-id, and prints throughput, p50/p99 latencies and CPU per
 * request.
 * Run it with {@code ./entrepot bench catalog}, which starts the service for it.
 */
public final class CatalogBenchmark {

    static final String ORG = "bench-org";
    static final int PRODUCTS = 1_000_000;
    static final int CEILING_PORT = 18191;
    static final Duration RUN = Duration.ofSeconds(Integer.getInteger("bench.seconds", 15));
    /** Get-by-id against the ceiling is measured in this many alternating pairs of rounds, RUN in all for each. */
    private static final int PAIRS = 3;
    static final String COLUMNS = "id, sku, barcode, name_en, name_ar, description_en, description_ar, brand_id, "
            + "category_ids, price, currency, is_enabled, attributes, images, created, updated, integrations_data, version";

    private final Vertx vertx = Vertx.vertx();
    private final Load load = new Load(vertx);
    private final Pool pg;
    private final HttpClient http;
    private final HttpClient ceilingHttp;
    private final String database;
    private volatile String bearer;

    CatalogBenchmark(String serviceHost, int servicePort, String database) {
        this.database = database;
        pg = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(16)).connectingTo(connectOptions(database))
                .using(vertx).build();
        http = client(serviceHost, servicePort);
        ceilingHttp = client("127.0.0.1", CEILING_PORT);
    }

    /** The benchmark database, as the bare clients (this one's and {@link ReadCeiling}'s) reach it. */
    static PgConnectOptions connectOptions(String database) {
        return new PgConnectOptions().setHost(LocalServices.dbHost()).setPort(Integer.parseInt(LocalServices.dbPort()))
                .setDatabase(database).setUser(LocalServices.dbUser()).setPassword(LocalServices.dbPassword())
                .setCachePreparedStatements(true);
    }

    private HttpClient client(String host, int port) {
        return vertx.createHttpClient(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port).setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(32));
    }

    public static void main(String[] args) throws Exception {
        String service = args.length > 0 ? args[0] : "127.0.0.1:18181";
        String database = args.length > 1 ? args[1] : "catalog_bench";
        CatalogBenchmark bench = new CatalogBenchmark(service.split(":")[0], Integer.parseInt(service.split(":")[1]), database);
        try {
            bench.run();
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    void run() throws Exception {
        seed();
        List<String> ids = await(pg.query("SELECT id FROM products TABLESAMPLE SYSTEM (2) WHERE org_id = '" + ORG
                + "' LIMIT 20000").execute()).stream().map(row -> row.getString(0)).toList();
        Supplier<String> anyId = () -> ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
        Supplier<Future<?>> serviceGet = () -> get("/api/v1/products/" + anyId.get());
        Process ceiling = JavaProcess.start(ReadCeiling.class, Integer.toString(CEILING_PORT), database);
        CpuMeter cpu = CpuMeter.fromProperty().with("ceiling", ceiling.pid());
        Supplier<Future<?>> bareGet = () -> get(ceilingHttp, "/api/v1/products/" + anyId.get());
        String brand = "brand" + String.format("%010d", 7);
        Supplier<Future<?>> filteredList = () -> get("/api/v1/products?brand_id=" + brand + "&price%5Bgte%5D="
                + ThreadLocalRandom.current().nextInt(50, 900) + "&sort=-price&limit=20");
        Supplier<Future<?>> selectiveSearch = () -> get("/api/v1/products?search=jacket%20"
                + ThreadLocalRandom.current().nextInt(1, PRODUCTS) + "&limit=20");
        Supplier<Future<?>> broadSearch = () -> get("/api/v1/products?search=urban%20jack&limit=20");

        // The lists first: run after the get-by-id warm-up, they set C2 compiling again during the measured pairs
        // (0.07 ms of 0.32 per request, bench/README.md); before it, the warm-up sees that compiling settle.
        refreshToken();
        load.closedLoop(4, Duration.ofSeconds(5), filteredList);
        WarmUp.untilSettled(cpu, List.of("catalog-service", "ceiling"), List.of(
                () -> {
                    refreshToken(); // a token lives 5 minutes, a warm-up can last longer
                    return load.closedLoop(32, Duration.ofSeconds(5), serviceGet).round();
                },
                () -> load.closedLoop(32, Duration.ofSeconds(5), bareGet).round()));

        // The ceiling and the service in turn, pair after pair, so that a slower minute of this shared machine
        // weighs on both alike; the ratio is the median pair's, whose tables are printed.
        List<String> lines = new ArrayList<>();
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            refreshToken();
            CpuMeter.Sample start = cpu.sample();
            Load.Result bare = load.closedLoop(32, RUN.dividedBy(PAIRS), bareGet);
            CpuMeter.Sample afterBare = cpu.sample();
            refreshToken();
            Load.Result viaService = load.closedLoop(32, RUN.dividedBy(PAIRS), serviceGet);
            pairs.add(new Pair(bare, viaService, start, afterBare, cpu.sample()));
        }
        JavaProcess.stop(ceiling);
        Pair median = pairs.stream().sorted(Comparator.comparingDouble(Pair::ratio)).toList().get(PAIRS / 2);
        lines.add(median.bare().line("get by id, bare Vert.x HTTP + PG client (ceiling), 32 in flight"));
        lines.add(median.viaService().line("get by id, catalog-service, 32 in flight"));
        double serviceCpu = CpuMeter.processPerUnit(median.afterBare(), median.afterService(), median.viaService().requests(),
                "catalog-service");
        double ceilingCpu = CpuMeter.processPerUnit(median.start(), median.afterBare(), median.bare().requests(), "ceiling");
        lines.add(String.format(Locale.ROOT, "  ratio service/ceiling throughput: %.2f (the median of %s, in %d pairs of %d s each);"
                + " CPU per request: service %.0f µs, ceiling %.0f µs", median.ratio(),
                pairs.stream().map(pair -> String.format(Locale.ROOT, "%.2f", pair.ratio())).toList(), PAIRS,
                RUN.dividedBy(PAIRS).toSeconds(), 1000 * serviceCpu, 1000 * ceilingCpu));
        List<String> cpuTables = List.of(
                "The ceiling, 32 in flight:\n" + CpuMeter.table(median.start(), median.afterBare(), median.bare().requests(), "request"),
                "catalog-service, 32 in flight:\n" + CpuMeter.table(median.afterBare(), median.afterService(),
                        median.viaService().requests(), "request"));
        refreshToken();
        lines.add(load.openLoop(500, RUN, serviceGet).line("get by id, catalog-service, fixed 500 req/s"));
        refreshToken();
        lines.add(load.closedLoop(8, RUN, filteredList).line("filtered + sorted list page, 8 in flight"));
        refreshToken();
        lines.add(load.openLoop(50, RUN, filteredList).line("filtered + sorted list page, fixed 50 req/s"));
        refreshToken();
        lines.add(load.closedLoop(8, RUN, selectiveSearch).line("search 'jacket <n>', 8 in flight"));
        refreshToken();
        lines.add(load.closedLoop(8, RUN, broadSearch).line("search 'urban jack' (~50,000 matches), 8 in flight"));
        refreshToken();
        for (int page : new int[] { 1, 1_000, 49_999 }) {
            lines.add(load.closedLoop(2, Duration.ofSeconds(5), () -> get("/api/v1/products?limit=20&page=" + page))
                    .line("unfiltered list of 1,000,000, page " + page + ", 2 in flight"));
        }
        lines.add(load.closedLoop(2, Duration.ofSeconds(5), () -> get("/api/v1/products?limit=20&page=2&brand_id=" + brand))
                .line("brand filter (10,000 matches), page 2, 2 in flight"));
        lines.add(load.closedLoop(2, Duration.ofSeconds(5), () -> get("/api/v1/products?limit=20&page=499&brand_id=" + brand))
                .line("brand filter (10,000 matches), page 499, 2 in flight"));
        System.out.println();
        System.out.println("Catalog benchmark: " + PRODUCTS + " products, " + RUN.toSeconds() + " s per scenario, "
                + Runtime.getRuntime().availableProcessors() + " cores shared by load, service and PostgreSQL");
        lines.forEach(System.out::println);
        System.out.println();
        cpuTables.forEach(System.out::print);
    }

    /** 1,000,000 products of one organization, 100 brands and 50 categories; done once per database. */
    void seed() throws Exception {
        long have = await(pg.query("SELECT count(*) FROM products WHERE org_id = '" + ORG + "'").execute())
                .iterator().next().getLong(0);
        if (have >= PRODUCTS) {
            say("reusing the " + have + " seeded products");
            return;
        }
        say("seeding " + PRODUCTS + " products (once; takes a few minutes)");
        await(pg.query("DELETE FROM products WHERE org_id = '" + ORG + "'").execute());
        await(pg.query("DELETE FROM brands WHERE org_id = '" + ORG + "'").execute());
        await(pg.query("DELETE FROM categories WHERE org_id = '" + ORG + "'").execute());
        await(pg.query("INSERT INTO brands (id, org_id, version, created, updated, name) SELECT 'brand' || lpad(g::text, 10, '0'), '"
                + ORG + "', 1, now(), now(), 'Brand ' || g FROM generate_series(0, 99) g").execute());
        await(pg.query("INSERT INTO categories (id, org_id, version, created, updated, name_en) SELECT 'categ' || lpad(g::text, 10, '0'), '"
                + ORG + "', 1, now(), now(), 'Category ' || g FROM generate_series(0, 49) g").execute());
        int chunk = 100_000;
        for (int from = 1; from <= PRODUCTS; from += chunk) {
            await(pg.query("INSERT INTO products (id, org_id, version, created, updated, sku, barcode, name_en, description_en, "
                    + "brand_id, category_ids, price, currency, is_enabled, attributes) "
                    + "SELECT substr(md5('p' || g), 1, 15), '" + ORG + "', 1, now() - g * interval '1 second', "
                    + "now() - g * interval '1 second', 'SKU-' || g, lpad(g::text, 13, '0'), "
                    + "(ARRAY['Red','Blue','Green','Black','White','Silver','Golden','Classic','Sport','Urban'])[1 + g % 10] || ' ' || "
                    + "(ARRAY['shoe','shirt','jacket','watch','bag','hat','sock','belt','scarf','glove','lamp','chair','table',"
                    + "'mug','phone','cable','charger','kettle','pan','knife'])[1 + (g / 10) % 20] || ' ' || g, "
                    + "'Benchmark product number ' || g, 'brand' || lpad((g % 100)::text, 10, '0'), "
                    + "ARRAY['categ' || lpad((g % 50)::text, 10, '0')], ((g::bigint * 7919) % 100000) / 100.0, 'SAR', g % 10 <> 0, "
                    + "jsonb_build_object('size', (ARRAY['S','M','L','XL'])[1 + g % 4]) "
                    + "FROM generate_series(" + from + ", " + (from + chunk - 1) + ") g").execute());
            say("  " + (from + chunk - 1) + " products");
        }
        await(pg.query("VACUUM ANALYZE products").execute());
    }

    /** One round of the ceiling and one of the service, right after it, with the CPU samples around them. */
    private record Pair(Load.Result bare, Load.Result viaService, CpuMeter.Sample start, CpuMeter.Sample afterBare,
            CpuMeter.Sample afterService) {
        double ratio() {
            return viaService.throughput() / bare.throughput();
        }
    }

    Future<Integer> get(String uri) {
        return get(http, uri);
    }

    Future<Integer> get(HttpClient client, String uri) {
        return client.request(new RequestOptions().setMethod(HttpMethod.GET).setURI(uri).setIdleTimeout(10_000))
                .compose(request -> request.putHeader("Authorization", bearer).putHeader("Accept", "application/json").send())
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + body);
                    }
                    return response.statusCode();
                }));
    }

    void refreshToken() {
        bearer = "Bearer " + InternalTokens.forOrganization(ORG);
    }
}

package dev.entrepot.bench;

import static dev.entrepot.bench.Load.await;
import static dev.entrepot.bench.Load.say;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The order saga benchmark, run by {@code ./entrepot bench orders}, which starts identity-service,
 * catalog-service, orders-service and a gateway of their own: orders of one line (one unit of one of
 * 100 products, in turn) placed through the gateway with an API key at a fixed rate (open loop), and for each the time from sending
 * {@code POST /orders} to its {@code entrepot.orders.order.confirmed.v1} event on Kafka (the catalog
 * reserved its stock over Kafka, orders-service confirmed it and published that).
 */
public final class OrdersBenchmark {

    private static final int SECONDS = Integer.getInteger("bench.seconds", 120);
    /** The rates measured, one after the other, to find where the suite stops keeping up. */
    private static final List<Integer> RATES = Stream.of(System.getProperty("bench.rates", "100,200,300").split(","))
            .map(String::strip).map(Integer::valueOf).toList();
    /** Warm-up: rounds of this many seconds at the first rate, until CPU per order stops falling. */
    private static final int WARM_UP_ROUND = Integer.getInteger("bench.warm-up-round", 20);
    private static final int WARM_UP_ROUNDS = Integer.getInteger("bench.warm-up-rounds", 12);
    /** Orders are spread over this many products, each stocked at one warehouse, as a shop's are. */
    private static final int PRODUCTS = 100;

    private final Vertx vertx = Vertx.vertx();
    private final Load load = new Load(vertx);
    private final HttpClient http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(128));
    private final BenchApi api = new BenchApi(http);
    private final Map<String, Long> sentAt = new ConcurrentHashMap<>();
    private final Map<String, Long> confirmedAt = new ConcurrentHashMap<>();
    /** The suite's processes, {@code name=pid,...}, from ./entrepot. */
    private final CpuMeter cpu = CpuMeter.fromProperty();
    private PgStats database;

    /** Arguments: the gateway (host:port), the Kafka bootstrap servers, and the benchmark's databases (comma-separated). */
    public static void main(String[] args) throws Exception {
        OrdersBenchmark bench = new OrdersBenchmark();
        try {
            bench.database = new PgStats(bench.vertx, List.of(args[2].split(",")));
            bench.run(args[0], args[1]);
        } finally {
            bench.vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    void run(String gateway, String kafka) throws Exception {
        String key = api.newOrganizationKey(gateway, "Orders benchmark");
        String location = id(await(api.send(HttpMethod.POST, gateway, "/api/v1/locations",
                new JsonObject().put("name", "Benchmark warehouse"), key, 201)));
        List<JsonObject> orders = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            String product = id(await(api.send(HttpMethod.POST, gateway, "/api/v1/products", new JsonObject().put("sku", "BENCH-" + i)
                    .put("name_en", "Benchmark product " + i).put("price", 10).put("currency", "SAR"), key, 201)));
            await(api.send(HttpMethod.POST, gateway, "/api/v1/inventory/adjustments", new JsonObject().put("product_id", product)
                    .put("location_id", location).put("delta", 100_000_000).put("reason", "benchmark stock"), key, 201));
            orders.add(new JsonObject().put("currency", "SAR").put("source", "bench")
                    .put("lines", new JsonArray().add(new JsonObject().put("product_id", product).put("quantity", 1))));
        }

        AtomicBoolean listening = new AtomicBoolean(true);
        Thread listener = listen(kafka, listening);
        try {
            warmUp(gateway, key, orders);
            for (int rate : RATES) {
                measure(gateway, key, orders, rate);
            }
        } finally {
            listening.set(false);
            listener.join();
        }
    }

    /**
     * Rounds at the first rate until the suite's CPU per order stops falling by 5% a round (at least three): a
     * fresh JVM compiles for minutes, and a figure taken before that measures the compiler. The first round is
     * what a replica started under load costs.
     */
    private void warmUp(String gateway, String key, List<JsonObject> orders) throws Exception {
        int rate = RATES.get(0);
        say("warming up at " + rate + " orders/s, rounds of " + WARM_UP_ROUND + " s until CPU per order stops falling");
        double previous = Double.MAX_VALUE;
        for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
            sentAt.clear();
            confirmedAt.clear();
            CpuMeter.Sample before = cpu.sample();
            place(gateway, key, orders, rate, WARM_UP_ROUND);
            awaitConfirmations(Duration.ofSeconds(60));
            double perOrder = CpuMeter.suitePerUnit(before, cpu.sample(), Math.max(1, confirmedAt.size()));
            say(String.format(Locale.ROOT, "warm-up round %d: %d placed, %d confirmed, the suite's CPU %.2f ms/order", round,
                    sentAt.size(), confirmedAt.size(), perOrder));
            if (round == 1) {
                say("ANALYZE in the benchmark's databases, as autovacuum would have done by now in production");
                await(database.analyze());
            }
            if (round >= 3 && perOrder > 0.95 * previous) {
                return;
            }
            previous = Math.min(previous, perOrder);
        }
    }

    private void measure(String gateway, String key, List<JsonObject> orders, int rate) throws Exception {
        sentAt.clear();
        confirmedAt.clear();
        say("measuring: " + rate + " orders/s for " + SECONDS + " s");
        CpuMeter.Sample before = cpu.sample();
        Map<String, PgStats.Counts> dbBefore = await(database.counts());
        Load.Result posts = place(gateway, key, orders, rate, SECONDS);
        boolean all = awaitConfirmations(Duration.ofSeconds(60));
        CpuMeter.Sample after = cpu.sample();
        Map<String, PgStats.Counts> dbAfter = await(database.counts());
        report(rate, posts, all);
        long units = Math.max(1, confirmedAt.size());
        System.out.print(CpuMeter.table(before, after, units, "order"));
        System.out.print(PgStats.table(dbBefore, dbAfter, units, "order"));
    }

    /** Orders of one unit of a product, the products taken in turn. */
    private Load.Result place(String gateway, String key, List<JsonObject> orders, int perSecond, int seconds) throws Exception {
        AtomicLong next = new AtomicLong();
        return load.openLoop(perSecond, Duration.ofSeconds(seconds), () -> {
            long sent = System.nanoTime();
            JsonObject order = orders.get((int) (next.getAndIncrement() % orders.size()));
            Future<JsonObject> placed = api.send(HttpMethod.POST, gateway, "/api/v1/orders", order, key, 201);
            return placed.map(answer -> {
                sentAt.put(id(answer), sent);
                return answer;
            });
        });
    }

    private void report(int rate, Load.Result posts, boolean all) {
        List<Double> toConfirmed = new ArrayList<>();
        long firstSent = Long.MAX_VALUE;
        long lastConfirmed = 0;
        for (Map.Entry<String, Long> sent : sentAt.entrySet()) {
            firstSent = Math.min(firstSent, sent.getValue());
            Long confirmed = confirmedAt.get(sent.getKey());
            if (confirmed != null) {
                toConfirmed.add((confirmed - sent.getValue()) / 1e6);
                lastConfirmed = Math.max(lastConfirmed, confirmed);
            }
        }
        Collections.sort(toConfirmed);
        double span = (lastConfirmed - firstSent) / 1e9;
        System.out.println();
        System.out.println("Orders benchmark: " + rate + " orders/s offered for " + SECONDS + " s through the gateway (API key), "
                + Runtime.getRuntime().availableProcessors() + " cores shared by the four services, PostgreSQL, Redis, Kafka and the load");
        System.out.println(posts.line("POST /orders (201 pending), open loop"));
        System.out.printf(Locale.ROOT, "placed %d, confirmed %d%s; sustained %.0f orders/s placed and confirmed (first POST to last confirmation %.1f s)%n",
                sentAt.size(), toConfirmed.size(), all ? "" : " (NOT ALL within 60 s)", toConfirmed.size() / span, span);
        System.out.printf(Locale.ROOT, "POST /orders sent -> order.confirmed.v1 on Kafka:  p50 %.1f ms   p99 %.1f ms   max %.1f ms%n",
                percentile(toConfirmed, 0.50), percentile(toConfirmed, 0.99), toConfirmed.isEmpty() ? Double.NaN
                        : toConfirmed.get(toConfirmed.size() - 1));
    }

    private boolean awaitConfirmations(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!confirmedAt.keySet().containsAll(sentAt.keySet())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(100);
        }
        return true;
    }

    /** Reads orders.orders from its end and notes when each order's confirmation arrives. */
    private Thread listen(String kafka, AtomicBoolean listening) throws InterruptedException {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "orders-bench-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of("orders.orders"));
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        Thread thread = new Thread(() -> {
            try (consumer) {
                while (listening.get()) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
                        if (record.value().contains("\"entrepot.orders.order.confirmed.v1\"")) {
                            confirmedAt.putIfAbsent(record.key(), System.nanoTime());
                        }
                    }
                }
            }
        }, "confirmations");
        thread.start();
        return thread;
    }

    private static String id(JsonObject answer) {
        return answer.getJsonObject("data").getString("id");
    }

    private static double percentile(List<Double> sorted, double quantile) {
        return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
    }
}

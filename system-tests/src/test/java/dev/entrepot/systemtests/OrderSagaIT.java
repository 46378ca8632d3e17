package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The order saga end to end, every service a process: orders placed through the gateway are priced by
 * the catalog, reserved over Kafka and confirmed or rejected; under contention, through a Kafka outage
 * and through catalog-service killed with SIGKILL, every order reaches a final state and the stock
 * is exact (nothing lost, nothing applied twice).
 * <p>
 * Orders go through a second gateway whose write limit is high enough for a stream of orders; the
 * limits themselves are GatewayIT's business.
 */
class OrderSagaIT extends SuiteTest {

    private static final int BUSY_GATEWAY_PORT = 18090;
    private static URI gateway;

    @BeforeAll
    static void busyGateway() throws Exception {
        gateway = suite.startGateway(BUSY_GATEWAY_PORT, Map.of("RATE_LIMIT_WRITES", "100000", "RATE_LIMIT_READS", "100000"));
    }

    /** One organization with one product at one location, {@code stock} on hand. */
    private record Shop(String key, String product, String location) {
    }

    @Test
    void twoHundredConcurrentOrdersForFiftyInStockConfirmExactlyFifty() throws Exception {
        Shop shop = shopWithStock(50);
        ExecutorService callers = Executors.newFixedThreadPool(32);
        List<Future<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            answers.add(callers.submit(() -> placeOrder(shop).statusCode()));
        }
        for (Future<Integer> answer : answers) {
            assertThat(answer.get()).isEqualTo(201);
        }
        callers.shutdown();

        awaitNoPendingOrders(shop, Duration.ofSeconds(120));
        assertThat(count(shop, "orders?status=confirmed")).isEqualTo(50);
        assertThat(count(shop, "orders?status=rejected")).isEqualTo(150);
        assertThat(reasonOfARejectedOrder(shop)).contains("1 requested, 0 available");
        assertStock(shop, 50, 50);
        assertThat(count(shop, "inventory/reservations?status=reserved")).isEqualTo(50);
    }

    @Test
    void aKafkaOutageOfTwentySecondsLosesNoOrderAndAppliesNoneTwice() throws Exception {
        Shop shop = shopWithStock(10_000);
        try (OrderStream stream = OrderStream.start(shop)) {
            Thread.sleep(5_000);
            suite.kafka("stop");
            try {
                Thread.sleep(20_000);
            } finally {
                suite.kafka("start");
            }
            Thread.sleep(5_000);
            stream.stopAndAssertAllPlaced();
            int placed = stream.placed();
            assertThat(placed).isGreaterThan(50);

            awaitNoPendingOrders(shop, Duration.ofSeconds(180));
            assertThat(count(shop, "orders?status=confirmed")).isEqualTo(placed);
            assertStock(shop, 10_000, placed);
            assertThat(count(shop, "inventory/reservations")).isEqualTo(placed);
        }
    }

    @Test
    void catalogServiceKilledMidStreamLosesNoOrderAndAppliesNoneTwice() throws Exception {
        Shop shop = shopWithStock(10_000);
        try (OrderStream stream = OrderStream.start(shop)) {
            Thread.sleep(5_000);
            suite.kill(App.CATALOG);
            Thread.sleep(3_000);
            suite.restart(App.CATALOG);
            Thread.sleep(5_000);
            stream.stop(); // while the catalog was down, orders were refused (503: no prices), never half-placed
            int placed = stream.placed();
            assertThat(placed).isGreaterThan(20);
            assertThat(stream.refusals()).allSatisfy(status -> assertThat(status).isEqualTo(503));

            awaitNoPendingOrders(shop, Duration.ofSeconds(180));
            assertThat(count(shop, "orders")).isEqualTo(placed);
            assertThat(count(shop, "orders?status=confirmed")).isEqualTo(placed);
            assertStock(shop, 10_000, placed);
            assertThat(count(shop, "inventory/reservations")).isEqualTo(placed);
        }
    }

    /** Places orders of one unit one after another from 4 threads until stopped, keeping every answer. */
    private static final class OrderStream implements AutoCloseable {
        private final ExecutorService threads = Executors.newFixedThreadPool(4);
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ConcurrentLinkedQueue<Integer> placed = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Integer> refused = new ConcurrentLinkedQueue<>();

        static OrderStream start(Shop shop) {
            OrderStream stream = new OrderStream();
            for (int i = 0; i < 4; i++) {
                stream.threads.submit(() -> {
                    while (stream.running.get()) {
                        int status;
                        try {
                            status = placeOrder(shop).statusCode();
                        } catch (RuntimeException connectionFailed) {
                            status = -1;
                        }
                        (status == 201 ? stream.placed : stream.refused).add(status);
                        pause(50);
                    }
                });
            }
            return stream;
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            threads.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        }

        void stopAndAssertAllPlaced() throws InterruptedException {
            stop();
            assertThat(refused).as("orders refused while only Kafka was down").isEmpty();
        }

        int placed() {
            return placed.size();
        }

        List<Integer> refusals() {
            return List.copyOf(refused);
        }

        @Override
        public void close() throws InterruptedException {
            stop();
        }
    }

    private Shop shopWithStock(int stock) {
        String key = GatewayIT.signUp().key();
        String product = as(key).body(Map.of("sku", "SAGA-1", "name_en", "Saga kettle", "price", 10, "currency", "SAR"))
                .post("/api/v1/products").then().statusCode(201).extract().path("data.id");
        String location = as(key).body(Map.of("name", "Main warehouse")).post("/api/v1/locations")
                .then().statusCode(201).extract().path("data.id");
        as(key).body(Map.of("product_id", product, "location_id", location, "delta", stock, "reason", "opening stock"))
                .post("/api/v1/inventory/adjustments").then().statusCode(201);
        return new Shop(key, product, location);
    }

    private static Response placeOrder(Shop shop) {
        return as(shop.key()).body(Map.of("currency", "SAR", "source", "web",
                "lines", List.of(Map.of("product_id", shop.product(), "quantity", 1)))).post("/api/v1/orders");
    }

    private static void awaitNoPendingOrders(Shop shop, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        int pending;
        while ((pending = count(shop, "orders?status=pending")) > 0) {
            assertThat(System.nanoTime()).as(pending + " orders still pending after " + within.toSeconds() + " s").isLessThan(deadline);
            pause(500);
        }
    }

    private static int count(Shop shop, String query) {
        return as(shop.key()).get("/api/v1/" + query + (query.contains("?") ? "&" : "?") + "limit=1")
                .then().statusCode(200).extract().path("total_count");
    }

    private static String reasonOfARejectedOrder(Shop shop) {
        return as(shop.key()).get("/api/v1/orders?status=rejected&limit=1").then().statusCode(200).extract().path("data[0].reason");
    }

    private static void assertStock(Shop shop, int onHand, int reserved) {
        Response stock = as(shop.key()).get("/api/v1/inventory?product_id=" + shop.product()).then().statusCode(200).extract().response();
        assertThat(stock.<Integer>path("data[0].on_hand")).isEqualTo(onHand);
        assertThat(stock.<Integer>path("data[0].reserved")).isEqualTo(reserved);
        assertThat(stock.<Integer>path("data[0].available")).isEqualTo(onHand - reserved);
    }

    private static RequestSpecification as(String key) {
        return given().baseUri(gateway.toString()).header("Authorization", key).contentType(ContentType.JSON);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

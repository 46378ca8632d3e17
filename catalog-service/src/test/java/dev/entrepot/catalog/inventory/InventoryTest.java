package dev.entrepot.catalog.inventory;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.entrepot.catalog.rest.CatalogApi;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * Stock levels, the adjustments ledger and reservations against a real PostgreSQL: what a merchant sees
 * through the API, what it refuses, and that concurrent reservations never oversell.
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class InventoryTest {

    @Inject
    Inventory inventory;

    private final String org = CatalogApi.newOrganization();

    @Test
    void anAdjustmentChangesOnHandAndIsKeptInTheLedger() {
        String product = create(org, "products", Map.of("sku", "INV-1", "name_en", "Kettle"));
        String location = create(org, "locations", Map.of("name", "Riyadh DC"));

        JsonPath first = adjust(product, location, 12, "received PO-7").then().statusCode(201).extract().jsonPath();
        assertThat(first.getInt("data.on_hand_after")).isEqualTo(12);
        adjust(product, location, -2, "damaged").then().statusCode(201).body("data.on_hand_after", equalTo(10));

        as(org).get("/api/v1/inventory?product_id=" + product).then().statusCode(200)
                .body("count", equalTo(1))
                .body("data[0].location_id", equalTo(location))
                .body("data[0].on_hand", equalTo(10))
                .body("data[0].reserved", equalTo(0))
                .body("data[0].available", equalTo(10));
        as(org).get("/api/v1/inventory/adjustments?product_id=" + product + "&sort=created").then().statusCode(200)
                .body("data.delta", equalTo(List.of(12, -2)))
                .body("data.reason", equalTo(List.of("received PO-7", "damaged")));
        Map<String, Object> listed = as(org).get("/api/v1/inventory?product_id=" + product).then().extract().path("data[0]");
        String stockId = (String) listed.get("id");
        assertThat(as(org).get("/api/v1/inventory/" + stockId).then().statusCode(200).extract().<Map<String, Object>>path("data"))
                .as("one record read on its own as the list reads it").isEqualTo(listed);
        as(org).get("/api/v1/inventory/" + stockId + "?depth=2").then().statusCode(200)
                .body("data.product.sku", equalTo("INV-1"));
    }

    @Test
    void badAdjustmentsAreRefusedAndChangeNothing() {
        String product = create(org, "products", Map.of("sku", "INV-2", "name_en", "Mug"));
        String location = create(org, "locations", Map.of("name", "Jeddah store", "type", "store"));
        adjust(product, location, 3, "count").then().statusCode(201);

        adjust(product, location, -4, "too many").then().statusCode(409)
                .body("error_code", equalTo("insufficient_stock"))
                .body("message", containsString("on hand is 3"));
        adjust(product, location, 0, "nothing").then().statusCode(422).body("errors.field", hasItems("delta"));
        as(org).body(Map.of("product_id", product, "location_id", location, "delta", 1)).post("/api/v1/inventory/adjustments")
                .then().statusCode(422).body("errors.field", hasItems("reason"));
        as(org).body(Map.of("product_id", product, "location_id", location, "delta", 1.5, "reason", "x"))
                .post("/api/v1/inventory/adjustments").then().statusCode(422).body("errors.field", hasItems("delta"));
        String missing = Ids.next();
        adjust(missing, location, 1, "ghost").then().statusCode(422).body("errors.field", hasItems("product_id"));
        // another organization's product is as good as missing
        String foreign = create(CatalogApi.newOrganization(), "products", Map.of("name_en", "Theirs"));
        adjust(foreign, location, 1, "theirs").then().statusCode(422).body("errors.field", hasItems("product_id"));

        as(org).get("/api/v1/inventory?product_id=" + product).then().body("data[0].on_hand", equalTo(3));
        as(org).get("/api/v1/inventory/adjustments?product_id=" + product).then().body("total_count", equalTo(1));
    }

    @Test
    void stockLevelsAndTheLedgerAreReadOnly() {
        String product = create(org, "products", Map.of("name_en", "Lamp"));
        String location = create(org, "locations", Map.of("name", "Dammam"));
        String adjustment = adjust(product, location, 5, "count").then().statusCode(201).extract().path("data.id");
        String stockId = as(org).get("/api/v1/inventory?product_id=" + product).then().extract().path("data[0].id");

        as(org).body(Map.of("on_hand", 99)).patch("/api/v1/inventory/" + stockId).then().statusCode(405)
                .body("error_code", equalTo("method_not_allowed"));
        as(org).body(Map.of("product_id", product)).post("/api/v1/inventory").then().statusCode(405);
        as(org).delete("/api/v1/inventory/adjustments/" + adjustment).then().statusCode(405);
        as(org).body(Map.of("delta", 1)).put("/api/v1/inventory/adjustments/" + adjustment).then().statusCode(405);
        as(org).get("/api/v1/inventory/" + stockId).then().body("data.on_hand", equalTo(5));

        // OPTIONS names what each resource's policy answers, not every method the class declares.
        assertThat(allowed("/api/v1/inventory")).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        assertThat(allowed("/api/v1/inventory/" + stockId)).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS");
        assertThat(allowed("/api/v1/inventory/adjustments")).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "POST");
        assertThat(allowed("/api/v1/products")).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE");
        assertThat(allowed("/api/v1/products/" + product))
                .containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "POST", "PATCH", "PUT", "DELETE");
    }

    private List<String> allowed(String path) {
        String allow = as(org).options(path).then().statusCode(200).extract().header("Allow");
        return List.of(allow.split("\\s*,\\s*"));
    }

    @Test
    void anOrderIsReservedWholeOrNotAtAllWithLinesOfOneProductCountedTogether() {
        String kettle = create(org, "products", Map.of("name_en", "Kettle"));
        String mug = create(org, "products", Map.of("name_en", "Mug"));
        String riyadh = create(org, "locations", Map.of("name", "Riyadh"));
        String jeddah = create(org, "locations", Map.of("name", "Jeddah"));
        adjust(kettle, riyadh, 3, "count").then().statusCode(201);
        adjust(kettle, jeddah, 2, "count").then().statusCode(201);
        adjust(mug, riyadh, 1, "count").then().statusCode(201);

        // 2 + 2 kettles come together from both places (4 of 5); the mug is short: nothing is reserved
        String refused = Ids.next();
        inTransaction(() -> inventory.reserve(org, refused, List.of(line(kettle, 2), line(mug, 2), line(kettle, 2)), null));
        assertStock(kettle, riyadh, 3, 0);
        assertStock(kettle, jeddah, 2, 0);

        String placed = Ids.next();
        inTransaction(() -> inventory.reserve(org, placed, List.of(line(kettle, 2), line(mug, 1), line(kettle, 2)), null));
        assertStock(kettle, riyadh, 3, 3); // the place with the most available first
        assertStock(kettle, jeddah, 2, 1);
        assertStock(mug, riyadh, 1, 1);
        as(org).get("/api/v1/inventory/reservations?order_id=" + placed).then().statusCode(200)
                .body("total_count", equalTo(3)).body("data.status", equalTo(List.of("reserved", "reserved", "reserved")));

        // a location named by the order is the only one used
        String atJeddah = Ids.next();
        inTransaction(() -> inventory.reserve(org, atJeddah, List.of(line(kettle, 1)), riyadh));
        assertStock(kettle, riyadh, 3, 3);

        inTransaction(() -> inventory.release(org, placed));
        assertStock(kettle, riyadh, 3, 0);
        assertStock(mug, riyadh, 1, 0);
        inTransaction(() -> inventory.release(org, placed)); // a second release changes nothing
        assertStock(kettle, riyadh, 3, 0);
    }

    @Test
    void aFulfilledOrdersStockLeavesTheShelfAndTheLedgerSaysWhy() {
        String kettle = create(org, "products", Map.of("name_en", "Kettle"));
        String riyadh = create(org, "locations", Map.of("name", "Riyadh"));
        adjust(kettle, riyadh, 5, "count").then().statusCode(201);
        String order = Ids.next();
        inTransaction(() -> inventory.reserve(org, order, List.of(line(kettle, 2)), null));

        as(org).delete("/api/v1/products/" + kettle).then().statusCode(409).body("error_code", equalTo("stock_reserved"));
        inTransaction(() -> inventory.commit(org, order, "ORD-1"));

        assertStock(kettle, riyadh, 3, 0);
        as(org).get("/api/v1/inventory/adjustments?product_id=" + kettle + "&sort=-created&limit=1").then()
                .body("data[0].delta", equalTo(-2)).body("data[0].order_id", equalTo(order))
                .body("data[0].reason", equalTo("Order ORD-1 fulfilled")).body("data[0].on_hand_after", equalTo(3));
        as(org).get("/api/v1/inventory/reservations?order_id=" + order).then().body("data[0].status", equalTo("committed"));
        inTransaction(() -> inventory.release(org, order)); // a committed reservation is not given back
        assertStock(kettle, riyadh, 3, 0);
        as(org).delete("/api/v1/products/" + kettle).then().statusCode(204);
    }

    @Test
    void concurrentOrdersNeverOversell() throws Exception {
        String kettle = create(org, "products", Map.of("name_en", "Kettle"));
        String riyadh = create(org, "locations", Map.of("name", "Riyadh"));
        String jeddah = create(org, "locations", Map.of("name", "Jeddah"));
        adjust(kettle, riyadh, 4, "count").then().statusCode(201);
        adjust(kettle, jeddah, 3, "count").then().statusCode(201);

        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> orders = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String order = Ids.next();
            orders.add(threads.submit(() -> inTransaction(() -> inventory.reserve(org, order, List.of(line(kettle, 1)), null))));
        }
        for (Future<?> order : orders) {
            order.get();
        }
        threads.shutdown();

        assertStock(kettle, riyadh, 4, 4);
        assertStock(kettle, jeddah, 3, 3);
        as(org).get("/api/v1/inventory/reservations?product_id=" + kettle + "&limit=100").then().body("total_count", equalTo(7));
    }

    private io.restassured.response.Response adjust(String product, String location, long delta, String reason) {
        return as(org).body(Map.of("product_id", product, "location_id", location, "delta", delta, "reason", reason))
                .post("/api/v1/inventory/adjustments");
    }

    private void assertStock(String product, String location, int onHand, int reserved) {
        as(org).get("/api/v1/inventory?product_id=" + product + "&location_id=" + location).then().statusCode(200)
                .body("data[0].on_hand", equalTo(onHand))
                .body("data[0].reserved", equalTo(reserved))
                .body("data[0].available", equalTo(onHand - reserved));
    }

    private static Inventory.Line line(String product, long quantity) {
        return new Inventory.Line(product, quantity);
    }

    private static void inTransaction(Runnable work) {
        QuarkusTransaction.requiringNew().run(work);
    }
}

package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Pakk's clients (seed 000) through {@code /api/v1}, each point of its overview in its order: an
 * integration and its keys, the raw key in {@code Authorization}, the generic endpoints with a filter body,
 * PATCH that leaves the rest alone but replaces a map, and the key-value store (its namespace, its limits,
 * Allow Write Data, any record of any entity and order lines, PUT and bulk bodies), then a disabled, a revoked and a
 * deleted integration.
 */
class PakkIT extends SuiteTest {

    private static final String GATEWAY = App.GATEWAY.baseUri().toString();

    private static RequestSpecification as(String authorization) {
        return given().baseUri(GATEWAY).header("Authorization", authorization).contentType(ContentType.JSON);
    }

    @Test
    void theOverviewHoldsPointByPoint() {
        String owner = "Bearer " + given().baseUri(GATEWAY).contentType(ContentType.JSON)
                .body(Map.of("organization", "Pakk shop", "email", "pakk-" + UUID.randomUUID() + "@example.com",
                        "password", "pakk test password"))
                .post("/api/v1/auth/signup").then().statusCode(201).extract().path("data.token");

        // Integrations: "Allow Write Data" is on unless unchecked; keys live inside an integration
        String integration = as(owner).body(Map.of("name", "orders-to-warehouse")).post("/api/v1/integrations").then()
                .statusCode(201).body("data.enabled", equalTo(true)).body("data.allow_write_data", equalTo(true))
                .extract().path("data.id");
        String key = as(owner).body(Map.of("name", "warehouse box")).post("/api/v1/integrations/" + integration + "/keys")
                .then().statusCode(201).extract().path("data.key");
        String otherKey = as(owner).body(Map.of("name", "laptop")).post("/api/v1/integrations/" + integration + "/keys")
                .then().statusCode(201).extract().path("data.key");
        // "the key itself is only visible immediately after generation"
        as(owner).get("/api/v1/integrations/" + integration + "/keys").then().statusCode(200).body("data", hasSize(2))
                .body("data[0]", not(hasKey("key")));

        // Authentication: the key as the Authorization header, no "Bearer"; a tampered key fails
        as(key).get("/api/v1/products").then().statusCode(200);
        as(key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a")).get("/api/v1/products").then().statusCode(401);

        // The generic endpoints: create, get, list with a filter body, update (PATCH) of the fields sent
        String product = as(key).body(Map.of("sku", "PK-1", "name_en", "Kettle", "attributes", Map.of("colour", "red", "size", "L")))
                .post("/api/v1/products").then().statusCode(201).extract().path("data.id");
        as(key).get("/api/v1/products/" + product).then().statusCode(200).body("data.sku", equalTo("PK-1"));
        as(key).body(Map.of("filter", Map.of("sku", "PK-1"), "limit", 1000)).post("/api/v1/products/query").then()
                .statusCode(200).body("data.id", equalTo(List.of(product)));
        // "Lists can return a maximum of 1000 records"
        as(key).body(Map.of("filter", Map.of(), "limit", 1001)).post("/api/v1/products/query").then().statusCode(400);
        // "only the fields sent in the request will be updated"; a map sent replaces the whole map
        as(key).body(Map.of("name_en", "Steel kettle", "attributes", Map.of("colour", "blue"))).patch("/api/v1/products/" + product)
                .then().statusCode(200).body("data.sku", equalTo("PK-1")).body("data.name_en", equalTo("Steel kettle"))
                .body("data.attributes", equalTo(Map.of("colour", "blue")));

        // The key-value store: integrationsData.<integration>.<key>, the other keys unaffected
        String ns = "integrationsData.orders-to-warehouse";
        as(key).body(Map.of(ns + ".key1", "val1")).patch("/api/v1/products/" + product).then().statusCode(200);
        as(key).body(Map.of(ns + ".key2", "val2")).patch("/api/v1/products/" + product).then().statusCode(200)
                .body("data.integrationsData.orders-to-warehouse", equalTo(Map.of("key1", "val1", "key2", "val2")));
        // "An integration can only write to its own namespace"
        as(key).body(Map.of("integrationsData.price-updater.key1", "x")).patch("/api/v1/products/" + product).then()
                .statusCode(403).body("error_code", equalTo("forbidden_namespace"));
        // 20 keys per record, 64-byte keys, 1024-byte values
        Map<String, Object> eighteenMore = new HashMap<>();
        for (int i = 3; i <= 20; i++) {
            eighteenMore.put(ns + ".key" + i, "v");
        }
        as(key).body(eighteenMore).patch("/api/v1/products/" + product).then().statusCode(200);
        as(key).body(Map.of(ns + ".key21", "v")).patch("/api/v1/products/" + product).then().statusCode(422)
                .body("errors.field", hasItem(ns + ".key21"));
        as(key).body(Map.of(ns + "." + "k".repeat(65), "v")).patch("/api/v1/products/" + product).then().statusCode(422);
        as(key).body(Map.of(ns + ".key1", "v".repeat(1025))).patch("/api/v1/products/" + product).then().statusCode(422);

        // "on any record of any entity", and PUT and bulk bodies patch it too
        String department = as(key).body(Map.of("name", "Warehouse", ns + ".site", "W1")).post("/api/v1/departments").then()
                .statusCode(201).body("data.integrationsData.orders-to-warehouse.site", equalTo("W1")).extract().path("data.id");
        as(key).body(Map.of("name", "Warehouse", "integrationsData", Map.of("orders-to-warehouse", Map.of("dock", "3"))))
                .put("/api/v1/departments/" + department).then().statusCode(200)
                .body("data.integrationsData.orders-to-warehouse", equalTo(Map.of("site", "W1", "dock", "3")));
        as(key).body(Map.of(ns + ".source", "pakk")).patch("/api/v1/integrations/" + integration).then().statusCode(200);
        List<String> brands = as(key).body(Map.of("data", List.of(Map.of("name", "Acme", ns + ".id", "B-1"),
                Map.of("name", "Zenith", ns + ".id", "B-2")))).post("/api/v1/brands").then().statusCode(201)
                .body("data.integrationsData.orders-to-warehouse.id", equalTo(List.of("B-1", "B-2"))).extract().path("data.id");
        as(key).queryParam(ns + ".id", "B-2").get("/api/v1/brands").then().body("data.id", equalTo(List.of(brands.get(1))));
        // ... and order lines, by their ids, through their order
        String mug = as(key).body(Map.of("sku", "PK-2", "name_en", "Mug", "price", 15, "currency", "SAR")).post("/api/v1/products")
                .then().statusCode(201).extract().path("data.id");
        var placed = as(key).body(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", mug, "quantity", 2))))
                .post("/api/v1/orders").then().statusCode(201).extract().jsonPath();
        String order = placed.getString("data.id");
        String line = placed.getString("data.lines[0].id");
        as(key).body(Map.of("lines", List.of(Map.of("id", line, ns + ".line_no", "10")))).patch("/api/v1/orders/" + order)
                .then().statusCode(200).body("data.lines[0].integrationsData.orders-to-warehouse.line_no", equalTo("10"));
        as(key).body(Map.of("lines", List.of(Map.of("id", line, "integrationsData.price-updater.line_no", "1"))))
                .patch("/api/v1/orders/" + order).then().statusCode(403).body("error_code", equalTo("forbidden_namespace"));
        as(key).queryParam("lines." + ns + ".line_no", "10").get("/api/v1/orders").then().statusCode(200)
                .body("data.id", equalTo(List.of(order)));

        // "uncheck Allow Write Data" stops the integration writing to the store, and only that
        as(owner).body(Map.of("allow_write_data", false)).patch("/api/v1/integrations/" + integration).then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(key).body(Map.of(ns + ".key1", "again"))
                .patch("/api/v1/products/" + product).then().statusCode(403).body("error_code", equalTo("write_data_not_allowed")));
        as(key).body(Map.of("name_en", "Kettle")).patch("/api/v1/products/" + product).then().statusCode(200);

        // Revoking one key leaves the other working; a disabled integration's keys stop at once
        String keyId = as(owner).get("/api/v1/integrations/" + integration + "/keys").then().extract()
                .path("data.find { it.name == 'laptop' }.id");
        as(owner).delete("/api/v1/integrations/" + integration + "/keys/" + keyId).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(otherKey).get("/api/v1/products").then().statusCode(401));
        as(key).get("/api/v1/products").then().statusCode(200);
        as(owner).body(Map.of("enabled", false)).patch("/api/v1/integrations/" + integration).then().statusCode(200);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(key).get("/api/v1/products").then().statusCode(401));

        // "Deleting an integration will delete the integration, all its API keys and all of the Key-Value data"
        as(owner).delete("/api/v1/integrations/" + integration).then().statusCode(204);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            as(owner).get("/api/v1/products/" + product).then().body("data.integrationsData", equalTo(Map.of()));
            as(owner).get("/api/v1/departments/" + department).then().body("data.integrationsData", equalTo(Map.of()));
            as(owner).get("/api/v1/brands/" + brands.get(0)).then().body("data.integrationsData", equalTo(Map.of()));
            as(owner).get("/api/v1/orders/" + order).then().body("data.lines[0].integrationsData", equalTo(Map.of()));
        });
    }
}

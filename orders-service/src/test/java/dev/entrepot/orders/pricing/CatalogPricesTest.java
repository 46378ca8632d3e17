package dev.entrepot.orders.pricing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.orders.placement.CatalogStub;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Orders priced from this service's copy of the catalog's prices, kept from real record events on
 * catalog.products (Kafka), with {@link CatalogStub} in catalog-service's place for what the copy does not
 * hold: no call to the catalog for products held (the stub does not know them), the copy following
 * creates, updates and deletes, and the catalog asked whenever a product or a location is not held here.
 */
@QuarkusTest
@RealInfrastructure(database = "orders")
@QuarkusTestResource(CatalogStub.class)
class CatalogPricesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.\"catalog.products\".group.id")
    String group;

    private final String org = "org-" + UUID.randomUUID();
    private final String kettle = Ids.next();
    private KafkaEvents kafka;

    @BeforeEach
    void connect() {
        kafka = KafkaEvents.connect(bootstrapServers);
        KafkaEvents.awaitAssigned(bootstrapServers, group, "catalog.products");
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void anOrderOfHeldProductsIsPricedWithoutAskingTheCatalogAndFollowsEveryChange() {
        kafka.send("catalog.products", kettle, "not an event"); // passed over
        publish("created", product(kettle, "KET-1", 12.5, true, 0));
        // the catalog (the stub) does not know the product: only the copy can price it
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> place(org, kettle).then().statusCode(201));
        int calls = CatalogStub.calls();
        place(org, kettle).then().statusCode(201).body("data.lines[0].unit_price", equalTo(12.5f))
                .body("data.lines[0].sku", equalTo("KET-1")).body("data.lines[0].name", equalTo("Kettle KET-1"))
                .body("data.total", equalTo(25));

        publish("updated", product(kettle, "KET-2", 14, true, 2));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> place(org, kettle).then().statusCode(201)
                .body("data.lines[0].unit_price", equalTo(14)).body("data.lines[0].sku", equalTo("KET-2")));
        // an older state applied late (a replica that just lost the partition) changes nothing
        publish("updated", product(kettle, "KET-OLD", 9, true, 1));
        publish("updated", product(kettle, "KET-2", 14, false, 3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> place(org, kettle).then().statusCode(422)
                .body("errors.message", hasItem(containsString("is disabled"))));
        assertThat(CatalogStub.calls()).isEqualTo(calls);

        // another organization's order of the same id is not priced from this one's copy: the catalog is asked
        place("org-" + UUID.randomUUID(), kettle).then().statusCode(422)
                .body("errors.message", hasItem(containsString("No product with id " + kettle)));
        assertThat(CatalogStub.calls()).isEqualTo(calls + 1);

        // deleted: no longer held, so the catalog is asked (and does not know it)
        publish("deleted", product(kettle, "KET-2", 14, false, 3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> place(org, kettle).then().statusCode(422)
                .body("errors.message", hasItem(containsString("No product with id " + kettle))));
        // nor does an older event bring a deleted product back: a cup's event sent on the kettle's key (so on
        // its partition, after the older event) shows when that one has been applied
        String cup = Ids.next();
        publish("updated", product(kettle, "KET-OLD", 9, true, 2));
        publish("created", product(cup, "CUP-1", 3, true, 0), kettle);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> place(org, cup).then().statusCode(201));
        place(org, kettle).then().statusCode(422).body("errors.message", hasItem(containsString("No product with id " + kettle)));
    }

    @Test
    void anOrderWithAProductNotHeldOrALocationIsPricedAtTheCatalog() {
        String mug = Ids.next();
        publish("created", product(kettle, "KET-1", 10, true, 0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> place(org, kettle).then().statusCode(201));
        CatalogStub.product(kettle, "KET-CAT", "11", "SAR", true);
        CatalogStub.product(mug, "MUG-CAT", "5", "SAR", true);

        int calls = CatalogStub.calls();
        given().header("Authorization", InternalTokens.bearer(org)).contentType(ContentType.JSON)
                .body(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", kettle, "quantity", 1),
                        Map.of("product_id", mug, "quantity", 1))))
                .post("/api/v1/orders").then().statusCode(201)
                .body("data.lines.sku", equalTo(List.of("KET-CAT", "MUG-CAT"))).body("data.subtotal", equalTo(16));
        assertThat(CatalogStub.calls()).isEqualTo(calls + 1);

        String location = Ids.next();
        CatalogStub.location(org, location, true);
        given().header("Authorization", InternalTokens.bearer(org)).contentType(ContentType.JSON)
                .body(Map.of("currency", "SAR", "location_id", location, "lines", List.of(Map.of("product_id", kettle, "quantity", 1))))
                .post("/api/v1/orders").then().statusCode(201).body("data.lines[0].sku", equalTo("KET-CAT"));
        assertThat(CatalogStub.calls()).isEqualTo(calls + 3); // its products, then its location
    }

    private void publish(String happened, ObjectNode product) {
        publish(happened, product, product.path("id").asText());
    }

    private void publish(String happened, ObjectNode product, String key) {
        kafka.send("catalog.products", key, KafkaEvents.cloudEvent(
                "entrepot.catalog.product." + happened + ".v1", product.path("id").asText(), org, product));
    }

    /** The product as the catalog's record events carry it, last updated {@code minute} minutes after a fixed time. */
    private static ObjectNode product(String id, String sku, double price, boolean enabled, int minute) {
        return MAPPER.createObjectNode().put("id", id).put("sku", sku).put("name_en", "Kettle " + sku).put("price", price)
                .put("currency", "SAR").put("is_enabled", enabled).put("description_en", "not kept")
                .put("updated", Instant.parse("2026-12-08T10:00:00.000123Z").plus(Duration.ofMinutes(minute)).toString());
    }

    private static Response place(String organization, String product) {
        return given().header("Authorization", InternalTokens.bearer(organization)).contentType(ContentType.JSON)
                .body(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", product, "quantity", 2))))
                .post("/api/v1/orders");
    }
}

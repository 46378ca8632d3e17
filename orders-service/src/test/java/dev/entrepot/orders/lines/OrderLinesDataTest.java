package dev.entrepot.orders.lines;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;
import java.util.HashMap;
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
import dev.entrepot.platform.integrationdata.IntegrationsDataReplica;
import dev.entrepot.platform.testing.IntegrationsStub;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;

/**
 * Integration data on order lines against a real PostgreSQL and Kafka, with integrations-service's
 * place taken by {@link IntegrationsStub}: lines get ids at placement, are patched through their order,
 * found by their outside ids, and their replica follows the topic.
 */
@QuarkusTest
@RealInfrastructure(database = "orders")
@QuarkusTestResource(CatalogStub.class)
@QuarkusTestResource(IntegrationsStub.class)
class OrderLinesDataTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Inject
    IntegrationsDataReplica replica;

    private final String org = "org-" + UUID.randomUUID();
    private final String kettle = Ids.next();
    private final String mug = Ids.next();
    private KafkaEvents kafka;

    @BeforeEach
    void products() {
        kafka = KafkaEvents.connect(bootstrapServers);
        CatalogStub.product(kettle, "KET-1", "120.50", "SAR", true);
        CatalogStub.product(mug, "MUG-1", "15", "SAR", true);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void linesAreWrittenThroughTheirOrderAndFoundByTheirOutsideIds() {
        JsonPath placed = placeKettleAndMug();
        String order = placed.getString("data.id");
        String etag = as(org).get("/api/v1/orders/" + order).then().extract().header("ETag");
        String first = placed.getString("data.lines[0].id");
        String second = placed.getString("data.lines[1].id");
        assertThat(List.of(first, second)).allMatch(Ids::isWellFormed).doesNotHaveDuplicates();
        assertThat(placed.getMap("data.lines[0].integrationsData")).isEmpty();

        as(org).header("If-Match", etag).body(Map.of("integrationsData.erp.order_id", "SO-1", "lines", List.of(
                Map.of("id", first, "integrationsData", Map.of("erp", Map.of("line_no", "10"))),
                Map.of("id", second, "integrationsData.erp.line_no", "20"))))
                .patch("/api/v1/orders/" + order).then().statusCode(200)
                .header("ETag", equalTo(etag))
                .body("data.integrationsData.erp.order_id", equalTo("SO-1"))
                .body("data.lines[0].integrationsData.erp.line_no", equalTo("10"))
                .body("data.lines[1].integrationsData.erp.line_no", equalTo("20"))
                .body("data.lines[1].sku", equalTo("MUG-1"));
        assertThat(IntegrationsStub.held("order_lines/" + second + "/erp")).isEqualTo(Map.of("line_no", "20"));

        // patch semantics: another key added, one removed, the other line untouched; by POST too
        as(org).body(Map.of("lines", List.of(Map.of("id", first, "integrationsData", Map.of("erp", Map.of("pick", "A3")))))).post("/api/v1/orders/" + order)
                .then().statusCode(200).body("data.lines[0].integrationsData.erp", equalTo(Map.of("line_no", "10", "pick", "A3")));
        Map<String, Object> nulled = new HashMap<>();
        nulled.put("integrationsData.erp.line_no", null);
        nulled.put("id", second);
        as(org).body(Map.of("lines", List.of(nulled))).patch("/api/v1/orders/" + order).then().statusCode(200)
                .body("data.lines[1].integrationsData", equalTo(Map.of())) // an emptied namespace is gone
                .body("data.lines[0].integrationsData.erp.line_no", equalTo("10"))
                .body("data.integrationsData.erp.order_id", equalTo("SO-1"));

        // an empty integrationsData of the order beside the lines says nothing of the order: not a refusal
        as(org).body(Map.of("integrationsData", Map.of(), "lines", List.of(Map.of("id", second, "integrationsData.erp.bin", "B7"))))
                .patch("/api/v1/orders/" + order).then().statusCode(200)
                .body("data.lines[1].integrationsData.erp", equalTo(Map.of("bin", "B7")))
                .body("data.integrationsData.erp.order_id", equalTo("SO-1"));

        as(org).get("/api/v1/orders?lines.integrationsData.erp.line_no=10").then().statusCode(200)
                .body("data.id", equalTo(List.of(order)));
        as(org).get("/api/v1/orders?lines.integrationsData.erp.pick[like]=a%").then().body("data.id", equalTo(List.of(order)));
        as(org).get("/api/v1/orders?lines.integrationsData.erp.line_no[in]=11,12").then().body("data.id", equalTo(List.of()));
        as(org).body(Map.of("filter", Map.of("lines.integrationsData.erp.line_no", "10"))).post("/api/v1/orders/query")
                .then().statusCode(200).body("data.id", equalTo(List.of(order)));
        as("org-" + UUID.randomUUID()).get("/api/v1/orders?lines.integrationsData.erp.line_no=10").then().body("data.id", equalTo(List.of()));
        as(org).get("/api/v1/orders?lines.integrationsData.erp=10").then().statusCode(400)
                .body("errors.field", hasItem("lines.integrationsData.erp"));
        as(org).get("/api/v1/orders?lines.integrationsData.erp.line_no[gt]=1").then().statusCode(400);
        as(org).get("/api/v1/orders?lines.sku=KET-1").then().statusCode(400);
    }

    @Test
    void everyBadLinePatchIsRefusedWholeAndWritesNothing() {
        JsonPath placed = placeKettleAndMug();
        String order = placed.getString("data.id");
        String first = placed.getString("data.lines[0].id");
        String otherOrdersLine = placeKettleAndMug().getString("data.lines[0].id");
        Map<String, Object> good = Map.of("id", first, "integrationsData.erp.line_no", "10");

        refused(order, Map.of("lines", List.of(good, Map.of("id", otherOrdersLine, "integrationsData.erp.line_no", "11"))),
                422, "lines[1].id");
        refused(order, Map.of("lines", List.of(good, good)), 422, "lines[1].id");
        refused(order, Map.of("lines", List.of(Map.of("id", first, "quantity", 5, "integrationsData.erp.a", "b"))), 422, "lines[0].quantity");
        refused(order, Map.of("lines", List.of(Map.of("id", first))), 422, "lines[0].integrationsData");
        refused(order, Map.of("lines", List.of(Map.of("integrationsData.erp.a", "b"))), 422, "lines[0].id");
        refused(order, Map.of("lines", List.of(Map.of("id", "", "integrationsData.erp.a", "b"))), 422, "lines[0].id");
        refused(order, Map.of("lines", List.of(Map.of("id", first, "integrationsData", "x"))), 422, "lines[0].integrationsData");
        refused(order, Map.of("lines", List.of("x")), 422, "lines[0]");
        refused(order, Map.of("lines", List.of()), 422, "lines");
        refused(order, Map.of("lines", "x"), 422, "lines");
        refused(order, Map.of("lines", Map.of("0", "x")), 422, "lines");
        refused(order, Map.of("notes", "x", "lines", List.of(good)), 422, "notes");
        as(org).body(Map.of("lines", List.of(good))).patch("/api/v1/orders/" + Ids.next()).then().statusCode(404);
        as("org-" + UUID.randomUUID()).body(Map.of("lines", List.of(good))).patch("/api/v1/orders/" + order).then().statusCode(404);
        as(org).header("If-Match", "\"999999\"").body(Map.of("lines", List.of(good))).patch("/api/v1/orders/" + order).then().statusCode(412);
        assertThat(IntegrationsStub.held("order_lines/" + first + "/erp")).isEmpty();
        // data is written once an order is placed, with the line ids its answer carries
        as(org).body(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", kettle, "quantity", 1,
                "integrationsData", Map.of("erp", Map.of("line_no", "1")))))).post("/api/v1/orders").then().statusCode(422)
                .body("errors.field", hasItem("lines[0].integrationsData"));

        // integrations-service's refusal of one line of the batch names that line, and nothing is kept
        IntegrationsStub.refuseNext(422, "{\"status\":422,\"error_code\":\"validation_failed\",\"message\":\"Too many keys\","
                + "\"errors\":[{\"index\":1,\"field\":\"integrationsData.erp.k21\",\"message\":\"at most 20 keys\"}]}");
        String second = placed.getString("data.lines[1].id");
        refused(order, Map.of("lines", List.of(good, Map.of("id", second, "integrationsData.erp.k21", "v"))), 422,
                "lines[1].integrationsData.erp.k21");
        IntegrationsStub.down(true);
        try {
            as(org).body(Map.of("lines", List.of(good))).patch("/api/v1/orders/" + order).then().statusCode(503);
        } finally {
            IntegrationsStub.down(false);
        }
        as(org).get("/api/v1/orders/" + order).then().body("data.lines[0].integrationsData", equalTo(Map.of()))
                .body("data.lines[1].integrationsData", equalTo(Map.of()));
    }

    @Test
    void theLinesReplicaFollowsTheTopicKeepsTheNewestStateAndIsRebuiltFromIt() {
        JsonPath placed = placeKettleAndMug();
        String order = placed.getString("data.id");
        String line = placed.getString("data.lines[1].id");
        String key = org + "/order_lines/" + line + "/shop";
        kafka.send(IntegrationsDataReplica.TOPIC, key, changed(line, Map.of("line_no", "7"), 10));
        kafka.send(IntegrationsDataReplica.TOPIC, key, changed(line, Map.of("line_no", "stale"), 9));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(org).get("/api/v1/orders/" + order)
                .then().body("data.lines[1].integrationsData", equalTo(Map.of("shop", Map.of("line_no", "7")))));
        replica.receive(key, changed(line, Map.of("line_no", "stale"), 9)); // older, whenever it comes
        as(org).get("/api/v1/orders/" + order).then().body("data.lines[1].integrationsData.shop.line_no", equalTo("7"))
                .body("data.lines[0].integrationsData", equalTo(Map.of()));

        replica.receive(key, null); // the namespace purged: a tombstone
        as(org).get("/api/v1/orders/" + order).then().body("data.lines[1].integrationsData", equalTo(Map.of()));
        replica.receive(key, changed(line, Map.of("line_no", "8"), 11)); // its version went with it
        as(org).get("/api/v1/orders/" + order).then().body("data.lines[1].integrationsData.shop.line_no", equalTo("8"))
                .body("data.lines[1].sku", equalTo("MUG-1"));

        assertThat(replica.rebuild()).isGreaterThanOrEqualTo(2);
        as(org).get("/api/v1/orders/" + order).then().body("data.lines[1].integrationsData.shop.line_no", equalTo("7"));
    }

    private JsonPath placeKettleAndMug() {
        return as(org).body(Map.of("currency", "SAR", "lines", List.of(Map.of("product_id", kettle, "quantity", 1),
                Map.of("product_id", mug, "quantity", 2)))).post("/api/v1/orders").then().statusCode(201)
                .body("data.lines[0].id", matchesPattern("[a-z0-9]{15}")).extract().jsonPath();
    }

    private void refused(String order, Map<String, ?> body, int status, String field) {
        as(org).body(body).patch("/api/v1/orders/" + order).then().statusCode(status).body("errors.field", hasItem(field));
    }

    private String changed(String line, Map<String, String> values, long version) {
        ObjectNode data = MAPPER.createObjectNode().put("entity", "order_lines").put("record_id", line).put("integration", "shop")
                .put("version", version);
        data.set("values", MAPPER.valueToTree(values));
        return KafkaEvents.cloudEvent("entrepot.integrations.data.changed.v1", line, org, data);
    }

    private static RequestSpecification as(String organization) {
        return given().header("Authorization", InternalTokens.bearer(organization)).contentType(ContentType.JSON);
    }
}

package dev.entrepot.catalog.data;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.catalog.rest.CatalogApi;
import dev.entrepot.platform.integrationdata.IntegrationsDataReplica;
import dev.entrepot.platform.testing.IntegrationsStub;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;

/**
 * Integration data on the catalog's records against a real PostgreSQL and Kafka: both patch forms
 * forwarded to the authority (a real HTTP server in integrations-service's place) with the caller's
 * token, read-your-writes, refusals that change nothing, a record deleted or changed while the authority
 * writes (no row lock is held meanwhile), lookups by outside id, and the replica fed — and rebuilt — from
 * the compacted topic integrations.data.
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
@QuarkusTestResource(IntegrationsStub.class)
class IntegrationsDataTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mp.messaging.incoming.\"integrations.data\".group.id")
    String group;
    @Inject
    IntegrationsDataReplica replica;
    @Inject
    DataSource dataSource;

    private final String org = CatalogApi.newOrganization();
    private KafkaEvents kafka;

    @BeforeEach
    void connect() {
        kafka = KafkaEvents.connect(bootstrapServers);
        KafkaEvents.awaitAssigned(bootstrapServers, group, IntegrationsDataReplica.TOPIC);
    }

    @AfterEach
    void close() {
        kafka.close();
        IntegrationsStub.down(false);
        IntegrationsStub.beforeNextWrite(null);
    }

    @Test
    void bothPatchFormsAreForwardedWithTheCallersTokenAndReadBackAtOnce() throws Exception {
        String id = create(org, "products", Map.of("sku", "ERP-1", "name_en", "Kettle"));
        String token = InternalTokens.bearer(org);
        given().header("Authorization", token).contentType(ContentType.JSON)
                .body(Map.of("name_en", "Steel kettle", "integrationsData.erp.external_id", "A-17",
                        "integrationsData", Map.of("erp", Map.of("batch", "7"))))
                .patch("/api/v1/products/" + id).then().statusCode(200)
                .body("data.name_en", equalTo("Steel kettle"))
                .body("data.integrationsData.erp", equalTo(Map.of("external_id", "A-17", "batch", "7")));

        IntegrationsStub.Request forwarded = IntegrationsStub.lastRequest();
        assertThat(forwarded.path()).isEqualTo("products/" + id);
        assertThat(forwarded.authorization()).isEqualTo(token);
        assertThat(forwarded.query()).isEqualTo("elevation=user");
        assertThat(forwarded.body()).isEqualTo(MAPPER.readTree("{\"erp\":{\"external_id\":\"A-17\",\"batch\":\"7\"}}"));

        Map<String, Object> deleteBatch = new HashMap<>();
        deleteBatch.put("integrationsData.erp.batch", null);
        as(org).body(deleteBatch).post("/api/v1/products/" + id).then().statusCode(200)
                .body("data.integrationsData.erp", equalTo(Map.of("external_id", "A-17")))
                .body("data.name_en", equalTo("Steel kettle"));
        as(org).get("/api/v1/products/" + id).then().body("data.integrationsData.erp", equalTo(Map.of("external_id", "A-17")));

        String brand = create(org, "brands", Map.of("name", "Acme", "integrationsData.erp.external_id", "B-1"));
        as(org).get("/api/v1/brands/" + brand).then().body("data.integrationsData.erp.external_id", equalTo("B-1"));
    }

    @Test
    void aRefusalOrAnUnreachableAuthorityChangesNothing() {
        String id = create(org, "products", Map.of("sku", "ERP-2", "name_en", "Kettle"));
        IntegrationsStub.refuseNext(422, "{\"status\":422,\"error_code\":\"validation_failed\",\"message\":\"Validation failed\","
                + "\"errors\":[{\"field\":\"integrationsData.erp.k21\",\"message\":\"at most 20 keys\"}]}");
        as(org).body(Map.of("name_en", "Renamed", "integrationsData.erp.k21", "v")).patch("/api/v1/products/" + id)
                .then().statusCode(422).body("errors.field", equalTo(List.of("integrationsData.erp.k21")));
        IntegrationsStub.refuseNext(403, "{\"status\":403,\"error_code\":\"forbidden_namespace\",\"message\":\"Integration erp "
                + "may write only its own data\",\"errors\":[{\"field\":\"integrationsData.shop\",\"message\":\"no\"}]}");
        as(org).body(Map.of("name_en", "Renamed", "integrationsData.shop.id", "9")).patch("/api/v1/products/" + id)
                .then().statusCode(403).body("error_code", equalTo("forbidden_namespace"));
        IntegrationsStub.down(true);
        as(org).body(Map.of("name_en", "Renamed", "integrationsData.erp.id", "9")).patch("/api/v1/products/" + id)
                .then().statusCode(503).body("message", equalTo("Integration data could not be written just now, so nothing was "
                        + "changed; try again"));
        as(org).body(Map.of("sku", "ERP-3", "name_en", "New", "integrationsData.erp.id", "9")).post("/api/v1/products")
                .then().statusCode(503);

        as(org).get("/api/v1/products/" + id).then().body("data.name_en", equalTo("Kettle"))
                .body("data.integrationsData", equalTo(Map.of()));
        as(org).queryParam("sku", "ERP-3").get("/api/v1/products").then().body("data", hasSize(0));
    }

    @Test
    void aRecordDeletedWhileTheAuthorityWritesIsA404AndTheDataWrittenForItIsWithdrawn() throws Exception {
        String id = create(org, "products", Map.of("sku", "ERP-9", "name_en", "Kettle"));
        AtomicInteger deleted = new AtomicInteger();
        // The DELETE runs while integrations-service holds the PATCH: it would wait for a row lock, were one held.
        IntegrationsStub.beforeNextWrite(() -> deleted.set(as(org).delete("/api/v1/products/" + id).statusCode()));
        as(org).body(Map.of("integrationsData.erp.external_id", "A-9")).patch("/api/v1/products/" + id)
                .then().statusCode(404).body("error_code", equalTo("not_found"));

        assertThat(deleted.get()).isEqualTo(204);
        as(org).get("/api/v1/products/" + id).then().statusCode(404);
        assertThat(IntegrationsStub.lastRequest().path()).isEqualTo("products");
        assertThat(IntegrationsStub.lastRequest().body()).isEqualTo(MAPPER.readTree("{\"data\":[{\"record_id\":\"" + id
                + "\",\"integrationsData\":{\"erp\":{\"external_id\":null}}}]}"));
        assertThat(IntegrationsStub.held("products/" + id + "/erp")).isEmpty();
    }

    @Test
    void aRecordChangedWhileTheAuthorityWritesKeepsTheDataButRefusesTheStaleFields() {
        String id = create(org, "products", Map.of("sku", "ERP-10", "name_en", "Kettle"));
        String etag = as(org).get("/api/v1/products/" + id).then().statusCode(200).extract().header("ETag");
        AtomicInteger renamed = new AtomicInteger();
        IntegrationsStub.beforeNextWrite(() -> renamed.set(as(org).body(Map.of("name_en", "Renamed meanwhile"))
                .patch("/api/v1/products/" + id).statusCode()));
        as(org).header("If-Match", etag).body(Map.of("name_en", "Mine", "integrationsData.erp.external_id", "A-10"))
                .patch("/api/v1/products/" + id).then().statusCode(412).body("error_code", equalTo("precondition_failed"));

        assertThat(renamed.get()).isEqualTo(200);
        // The authority took the data, so the replica shows it; the fields sent against the old ETag were not written.
        assertThat(IntegrationsStub.held("products/" + id + "/erp")).isEqualTo(Map.of("external_id", "A-10"));
        as(org).get("/api/v1/products/" + id).then().body("data.name_en", equalTo("Renamed meanwhile"))
                .body("data.integrationsData.erp", equalTo(Map.of("external_id", "A-10")));
    }

    @Test
    void aCreateRefusedAfterTheAuthorityWroteLeavesNoRecordAndWithdrawsTheData() throws Exception {
        IntegrationsStub.beforeNextWrite(() -> create(org, "products", Map.of("sku", "ERP-11", "name_en", "First")));
        as(org).body(Map.of("sku", "ERP-11", "name_en", "Second", "integrationsData.erp.external_id", "A-11"))
                .post("/api/v1/products").then().statusCode(409).body("errors.field", hasItem("sku"));

        JsonNode withdrawn = IntegrationsStub.lastRequest().body().path("data").get(0);
        assertThat(withdrawn.path("integrationsData")).isEqualTo(MAPPER.readTree("{\"erp\":{\"external_id\":null}}"));
        String neverMade = withdrawn.path("record_id").asText();
        assertThat(IntegrationsStub.held("products/" + neverMade + "/erp")).isEmpty();
        as(org).queryParam("sku", "ERP-11").get("/api/v1/products").then().body("data.name_en", equalTo(List.of("First")));
        as(org).get("/api/v1/products/" + neverMade).then().statusCode(404);
    }

    @Test
    void refusalsDoNotOpenTheCircuitBreaker() {
        String id = create(org, "products", Map.of("sku", "ERP-12", "name_en", "Kettle"));
        for (int i = 0; i < 25; i++) { // more than the breaker's window, all of them refusals
            IntegrationsStub.refuseNext(403, "{\"status\":403,\"error_code\":\"write_data_not_allowed\",\"message\":\"No\"}");
            as(org).body(Map.of("integrationsData.erp.id", "1")).patch("/api/v1/products/" + id).then().statusCode(403)
                    .body("error_code", equalTo("write_data_not_allowed"));
        }
        as(org).body(Map.of("integrationsData.erp.id", "1")).patch("/api/v1/products/" + id).then().statusCode(200)
                .body("data.integrationsData.erp.id", equalTo("1"));
    }

    @Test
    void aReplaceWritesOnlyTheKeysItChangesSoItMaySendBackWhatItRead() throws Exception {
        String id = create(org, "products", Map.of("sku", "ERP-4", "name_en", "Kettle",
                "integrationsData", Map.of("erp", Map.of("id", "1", "batch", "7"), "shop", Map.of("x", "1"))));
        as(org).body(Map.of("sku", "ERP-4", "name_en", "Steel kettle",
                "integrationsData", Map.of("erp", Map.of("id", "2", "batch", "7"), "shop", Map.of("x", "1"))))
                .put("/api/v1/products/" + id).then().statusCode(200)
                .body("data.name_en", equalTo("Steel kettle"))
                .body("data.integrationsData", equalTo(Map.of("erp", Map.of("id", "2", "batch", "7"), "shop", Map.of("x", "1"))));
        // shop's data came back as it was, so only erp's changed key went to the authority
        assertThat(IntegrationsStub.lastRequest().body()).isEqualTo(MAPPER.readTree("{\"erp\":{\"id\":\"2\"}}"));

        Map<String, Object> deleteBatch = new HashMap<>(Map.of("sku", "ERP-4", "name_en", "Kettle"));
        deleteBatch.put("integrationsData.erp.batch", null);
        as(org).body(deleteBatch).put("/api/v1/products/" + id).then().statusCode(200)
                .body("data.integrationsData", equalTo(Map.of("erp", Map.of("id", "2"), "shop", Map.of("x", "1"))));

        IntegrationsStub.Request last = IntegrationsStub.lastRequest();
        as(org).body(Map.of("sku", "ERP-4", "name_en", "Pot")).put("/api/v1/products/" + id).then().statusCode(200)
                .body("data.name_en", equalTo("Pot"))
                .body("data.integrationsData", equalTo(Map.of("erp", Map.of("id", "2"), "shop", Map.of("x", "1"))));
        assertThat(IntegrationsStub.lastRequest()).isSameAs(last); // no data sent, none written
    }

    @Test
    void bulkCreatesAndReplacesWriteEveryItemsDataInOneBatch() throws Exception {
        List<Map<String, Object>> items = List.of(Map.of("sku", "ERP-5", "name_en", "A", "integrationsData.erp.id", "a"),
                Map.of("sku", "ERP-6", "name_en", "B"));
        List<String> ids = as(org).body(Map.of("data", items)).post("/api/v1/products").then().statusCode(201)
                .body("data.integrationsData", equalTo(List.of(Map.of("erp", Map.of("id", "a")), Map.of())))
                .extract().jsonPath().getList("data.id");
        IntegrationsStub.Request batch = IntegrationsStub.lastRequest();
        assertThat(batch.path()).isEqualTo("products");
        assertThat(batch.body()).isEqualTo(MAPPER.readTree("{\"data\":[{\"record_id\":\"" + ids.get(0)
                + "\",\"integrationsData\":{\"erp\":{\"id\":\"a\"}}}]}"));

        as(org).body(Map.of("data", List.of(
                Map.of("id", ids.get(0), "sku", "ERP-5", "name_en", "A2", "integrationsData", Map.of("erp", Map.of("id", "a2"))),
                Map.of("id", ids.get(1), "sku", "ERP-6", "name_en", "B2", "integrationsData.erp.id", "b"))))
                .put("/api/v1/products").then().statusCode(200)
                .body("data.name_en", equalTo(List.of("A2", "B2")))
                .body("data.integrationsData.erp.id", equalTo(List.of("a2", "b")));
        String updated = as(org).get("/api/v1/products/" + ids.get(1)).then().body("data.integrationsData.erp.id", equalTo("b"))
                .extract().path("data.updated");

        // a bulk PATCH of integration data alone leaves the record itself as it was
        as(org).body(Map.of("data", List.of(Map.of("id", ids.get(1), "integrationsData.erp.id", "b2")))).patch("/api/v1/products")
                .then().statusCode(200).body("data[0].integrationsData.erp.id", equalTo("b2"))
                .body("data[0].name_en", equalTo("B2")).body("data[0].updated", equalTo(updated));
    }

    @Test
    void aBulkRequestIsRefusedWholeNamingTheItemWhatEverRefusesIt() {
        String id = create(org, "products", Map.of("sku", "ERP-7", "name_en", "Kettle"));
        // the authority's refusal names the second item of the request, the first of the batch it was sent
        IntegrationsStub.refuseNext(422, "{\"status\":422,\"error_code\":\"validation_failed\",\"message\":\"Validation failed\","
                + "\"errors\":[{\"index\":0,\"field\":\"integrationsData.erp.k21\",\"message\":\"at most 20 keys\"}]}");
        as(org).body(Map.of("data", List.of(Map.of("sku", "ERP-8", "name_en", "A"),
                Map.of("sku", "ERP-9", "name_en", "B", "integrationsData.erp.k21", "v")))).post("/api/v1/products")
                .then().statusCode(422).body("errors.index", equalTo(List.of(1)))
                .body("errors.field", equalTo(List.of("integrationsData.erp.k21")));
        as(org).body(Map.of("data", List.of(Map.of("sku", "ERP-8", "name_en", "A"),
                Map.of("sku", "ERP-9", "name_en", "B", "integrationsData", "flat")))).post("/api/v1/products")
                .then().statusCode(422).body("errors.index", equalTo(List.of(1)))
                .body("errors.field", equalTo(List.of("integrationsData")));

        // a field refused in a bulk replace is found before anything reaches the authority
        IntegrationsStub.Request last = IntegrationsStub.lastRequest();
        as(org).body(Map.of("data", List.of(Map.of("id", id, "sku", "ERP-7", "name_en", "", "integrationsData.erp.id", "1"))))
                .put("/api/v1/products").then().statusCode(422).body("errors.index", equalTo(List.of(0)))
                .body("errors.field", hasItem("name_en"));
        assertThat(IntegrationsStub.lastRequest()).isSameAs(last);
        as(org).queryParam("sku[in]", "ERP-8,ERP-9").get("/api/v1/products").then().body("data", hasSize(0));
        as(org).get("/api/v1/products/" + id).then().body("data.name_en", equalTo("Kettle"))
                .body("data.integrationsData", equalTo(Map.of()));
    }

    @Test
    void malformedIntegrationDataIsRefusedBeforeAnythingIsWritten() {
        String id = create(org, "products", Map.of("sku", "ERP-13", "name_en", "Kettle"));
        as(org).body(Map.of("integrationsData.erp.a", "1", "integrationsData", Map.of("erp", Map.of("a", "2"))))
                .patch("/api/v1/products/" + id).then().statusCode(422).body("errors.field", hasItem("integrationsData.erp.a"));
        as(org).body(Map.of("integrationsData", "flat")).patch("/api/v1/products/" + id).then().statusCode(422);
        as(org).get("/api/v1/products/" + id).then().body("data.integrationsData", equalTo(Map.of()));
    }

    @Test
    void recordsAreFoundByAnOutsideIdAndOnlyInTheirOrganization() {
        String a = create(org, "products", Map.of("sku", "ERP-5", "name_en", "A", "integrationsData.erp.external_id", "A-17"));
        String b = create(org, "products", Map.of("sku", "ERP-6", "name_en", "B", "integrationsData.erp.external_id", "A-18"));
        create(org, "products", Map.of("sku", "ERP-7", "name_en", "C", "integrationsData.shop.external_id", "A-17"));

        as(org).queryParam("integrationsData.erp.external_id", "A-17").get("/api/v1/products").then().statusCode(200)
                .body("data.id", equalTo(List.of(a))).body("total_count", equalTo(1));
        as(org).queryParam("integrationsData.erp.external_id[in]", "A-17,A-18").get("/api/v1/products")
                .then().body("data.id", containsInAnyOrder(a, b));
        as(org).queryParam("integrationsData.erp.external_id[like]", "a-1%").get("/api/v1/products")
                .then().body("data.id", containsInAnyOrder(a, b));
        as(org).queryParam("integrationsData.erp.external_id[ne]", "A-17").get("/api/v1/products").then().body("data", hasSize(2));
        as(org).body(Map.of("filter", Map.of("integrationsData.erp.external_id", "A-18"))).post("/api/v1/products/query")
                .then().statusCode(200).body("data.id", equalTo(List.of(b)));
        as(CatalogApi.newOrganization()).queryParam("integrationsData.erp.external_id", "A-17").get("/api/v1/products")
                .then().statusCode(200).body("data", hasSize(0));

        as(org).queryParam("integrationsData.erp.external_id[gt]", "A").get("/api/v1/products").then().statusCode(400)
                .body("errors.field", hasItem("integrationsData.erp.external_id"));
        as(org).queryParam("integrationsData.erp", "A").get("/api/v1/products").then().statusCode(400);
    }

    @Test
    void theReplicaFollowsTheTopicKeepsTheNewestStateAndIsRebuiltFromIt() throws Exception {
        String id = create(org, "products", Map.of("sku", "ERP-8", "name_en", "Kettle"));
        String other = create(org, "categories", Map.of("name_en", "Tools"));
        String key = org + "/products/" + id + "/shop";
        kafka.send(IntegrationsDataReplica.TOPIC, key, changed(id, "products", Map.of("id", "S-1"), 10));
        kafka.send(IntegrationsDataReplica.TOPIC, org + "/categories/" + other + "/shop", changed(other, "categories", Map.of("id", "C-1"), 11));
        kafka.send(IntegrationsDataReplica.TOPIC, key, changed(id, "products", Map.of("id", "stale"), 9));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(org).get("/api/v1/categories/" + other)
                .then().body("data.integrationsData.shop.id", equalTo("C-1")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(org).get("/api/v1/products/" + id)
                .then().body("data.integrationsData", equalTo(Map.of("shop", Map.of("id", "S-1")))));
        // An older state, whenever it comes, and an entity another service keeps change nothing here.
        replica.receive(key, changed(id, "products", Map.of("id", "stale"), 9));
        replica.receive(org + "/customers/" + id + "/shop", changed(id, "customers", Map.of("id", "x"), 12));
        as(org).get("/api/v1/products/" + id).then().body("data.integrationsData", equalTo(Map.of("shop", Map.of("id", "S-1"))));

        try (var connection = dataSource.getConnection(); var statement = connection.prepareStatement(
                "UPDATE products SET integrations_data = '{}', integrations_versions = '{}' WHERE org_id = ?")) {
            statement.setString(1, org);
            statement.executeUpdate();
        }
        as(org).get("/api/v1/products/" + id).then().body("data.integrationsData", equalTo(Map.of()));
        assertThat(replica.rebuild()).isGreaterThanOrEqualTo(3);
        as(org).get("/api/v1/products/" + id).then().body("data.integrationsData", equalTo(Map.of("shop", Map.of("id", "S-1"))));
        as(org).get("/api/v1/categories/" + other).then().body("data.integrationsData.shop.id", equalTo("C-1"));

        kafka.send(IntegrationsDataReplica.TOPIC, key, null); // the namespace purged: a tombstone
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(org).get("/api/v1/products/" + id)
                .then().body("data.integrationsData", equalTo(Map.of())));
        kafka.send(IntegrationsDataReplica.TOPIC, key, changed(id, "products", Map.of(), 13));
        kafka.send(IntegrationsDataReplica.TOPIC, key, changed(id, "products", Map.of("id", "S-2"), 14));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as(org).get("/api/v1/products/" + id)
                .then().body("data.integrationsData.shop.id", equalTo("S-2")));
    }

    private String changed(String id, String entity, Map<String, String> values, long version) {
        ObjectNode data = MAPPER.createObjectNode().put("entity", entity).put("record_id", id).put("integration", "shop")
                .put("version", version);
        data.set("values", MAPPER.valueToTree(values));
        return KafkaEvents.cloudEvent("entrepot.integrations.data.changed.v1", id, org, data);
    }
}

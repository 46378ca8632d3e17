package dev.entrepot.integrations.data;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import dev.entrepot.platform.persistence.Sql;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;

/**
 * The authority for integration data against a real PostgreSQL and Kafka: every limit at its edge, who
 * may write which namespace, refusals that change nothing, the events on integrations.data, and the
 * purges that identity-service's and the entity services' events set off.
 */
@QuarkusTest
@RealInfrastructure(database = "integrations")
class IntegrationDataTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "mp.messaging.incoming.integrations.group.id")
    String integrationsGroup;
    @ConfigProperty(name = "mp.messaging.incoming.records.group.id")
    String recordsGroup;

    @Inject
    Sql sql;

    private final String org = "org-" + UUID.randomUUID();
    private final String product = Ids.next();
    /** Issued a few seconds ago: what identity-service announces from now on is newer than its claims. */
    private final String erp = InternalTokens.bearerForApiKey(org, "erp", true, Instant.now().minusSeconds(5));
    private KafkaEvents kafka;

    @BeforeEach
    void connect() {
        kafka = KafkaEvents.connect(bootstrapServers);
        KafkaEvents.awaitAssigned(bootstrapServers, integrationsGroup, "identity.integrations");
        KafkaEvents.awaitAssigned(bootstrapServers, recordsGroup, "catalog.products");
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void keysAreSetDeletedAndLeftAloneAndEachChangeIsPublishedWithANewerVersion() {
        long first = write(erp, "products", product, Map.of("erp", Map.of("external_id", "A-17", "batch", "7")))
                .then().statusCode(200)
                .body("data[0].integration", equalTo("erp"))
                .body("data[0].values", equalTo(Map.of("external_id", "A-17", "batch", "7")))
                .extract().jsonPath().getLong("data[0].version");

        Map<String, Object> changes = new LinkedHashMap<>();
        changes.put("batch", null);
        changes.put("synced", "yes");
        long second = write(erp, "products", product, Map.of("erp", changes)).then().statusCode(200)
                .body("data[0].values", equalTo(Map.of("external_id", "A-17", "synced", "yes")))
                .extract().jsonPath().getLong("data[0].version");
        assertThat(second).isGreaterThan(first);
        read("products", product).then().body("data[0].values", equalTo(Map.of("external_id", "A-17", "synced", "yes")));

        List<JsonNode> events = kafka.about(IntegrationDataContract.TOPIC, org + "/products/" + product + "/erp", 2);
        assertThat(events.get(1).path("type").asText()).isEqualTo(IntegrationDataContract.CHANGED);
        assertThat(events.get(1).path("data").path("values").path("synced").asText()).isEqualTo("yes");
        assertThat(events.get(1).path("data").path("values").has("batch")).isFalse();
        assertThat(events.get(1).path("data").path("version").asLong()).isEqualTo(second);
        assertThat(events.get(1).path("orgid").asText()).isEqualTo(org);
    }

    @Test
    void everyLimitHoldsAtItsEdgeCountingUtf8Bytes() {
        Map<String, Object> twenty = new LinkedHashMap<>();
        for (int i = 1; i <= 19; i++) {
            twenty.put("k" + i, "v");
        }
        twenty.put("é".repeat(32), "é".repeat(512)); // a 64-byte key and a 1024-byte value, in 32 and 512 characters
        write(erp, "products", product, Map.of("erp", twenty)).then().statusCode(200).body("data[0].values.size()", equalTo(20));

        write(erp, "products", product, Map.of("erp", Map.of("k21", "v"))).then().statusCode(422)
                .body("error_code", equalTo("validation_failed"))
                .body("errors.field", equalTo(List.of("integrationsData.erp.k21")));
        write(erp, "products", product, Map.of("erp", Map.of("k1", "changed", "k21", "v", "k22", "v"))).then().statusCode(422)
                .body("errors.field", containsInAnyOrder("integrationsData.erp.k21", "integrationsData.erp.k22"));
        Map<String, Object> swap = new LinkedHashMap<>();
        swap.put("k1", null);
        swap.put("k21", "v"); // one out, one in: still twenty
        write(erp, "products", product, Map.of("erp", swap)).then().statusCode(200).body("data[0].values.size()", equalTo(20));

        String other = Ids.next();
        write(erp, "products", other, Map.of("erp", Map.of("k".repeat(64), "v"))).then().statusCode(200);
        write(erp, "products", other, Map.of("erp", Map.of("k".repeat(65), "v"))).then().statusCode(422)
                .body("errors.field", hasItem("integrationsData.erp." + "k".repeat(65)));
        write(erp, "products", other, Map.of("erp", Map.of("é".repeat(33), "v"))).then().statusCode(422) // 33 characters, 66 bytes
                .body("errors[0].message", equalTo("A key has 1 to 64 bytes (UTF-8); this one has 66"));
        write(erp, "products", other, Map.of("erp", Map.of("long", "x".repeat(1024)))).then().statusCode(200);
        write(erp, "products", other, Map.of("erp", Map.of("long", "x".repeat(1025)))).then().statusCode(422)
                .body("errors.field", hasItem("integrationsData.erp.long"));
        write(erp, "products", other, Map.of("erp", Map.of("long", "€".repeat(342)))).then().statusCode(422) // 342 characters, 1026 bytes
                .body("errors[0].message", equalTo("A value has at most 1024 bytes (UTF-8); this one has 1026"));
        write(erp, "products", other, Map.of("erp", Map.of("number", 17))).then().statusCode(422)
                .body("errors.field", hasItem("integrationsData.erp.number"));

        read("products", other).then().body("data[0].values", equalTo(Map.of("k".repeat(64), "v", "long", "x".repeat(1024))));
    }

    @Test
    void anIntegrationWritesOnlyItsOwnNamespaceAndOnlyWhenAllowedAndEnabled() {
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "A-17"))).then().statusCode(200);
        Map<String, Object> before = Map.of("external_id", "A-17");

        write(erp, "products", product, Map.of("erp", Map.of("external_id", "B"), "shop", Map.of("id", "9"))).then().statusCode(403)
                .body("error_code", equalTo("forbidden_namespace"))
                .body("errors.field", equalTo(List.of("integrationsData.shop")));
        write(InternalTokens.bearerForApiKey(org, "erp", false), "products", product, Map.of("erp", Map.of("external_id", "C")))
                .then().statusCode(403).body("error_code", equalTo("write_data_not_allowed"));
        write(InternalTokens.bearerForUser(org, "owner"), "products", product, Map.of("erp", Map.of("external_id", "D")))
                .then().statusCode(403).body("error_code", equalTo("elevation_required"));
        given().header("Authorization", InternalTokens.bearerForUser(org, "member")).contentType(ContentType.JSON)
                .body(Map.of("erp", Map.of("external_id", "E"))).queryParam("elevation", "admin")
                .patch("/internal/v1/integrations-data/products/" + product).then().statusCode(403);
        read("products", product).then().body("data[0].values", equalTo(before));

        announce("disabled", "erp", false);
        awaitRefused("integration_disabled");
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "F"))).then().statusCode(403)
                .body("error_code", equalTo("integration_disabled"));
        read("products", product).then().body("data[0].values", equalTo(before));

        writeAsAdmin("products", product, Map.of("erp", Map.of("external_id", "G"), "shop", Map.of("id", "9")))
                .then().statusCode(200).body("data", hasSize(2));
        read("products", product).then().body("data.integration", equalTo(List.of("erp", "shop")))
                .body("data[0].values.external_id", equalTo("G"));
    }

    @Test
    void theNewerOfTheTokenAndTheRegistryDecides() {
        announce("updated", "erp", false); // allow_write_data turned off after erp's token was issued
        awaitRefused("write_data_not_allowed");
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "A"))).then().statusCode(403)
                .body("error_code", equalTo("write_data_not_allowed"));
        // A token issued after the registry's last word (allow_write_data on again, its event not yet here).
        String newer = InternalTokens.bearerForApiKey(org, "erp", true, Instant.now().plusSeconds(2));
        write(newer, "products", product, Map.of("erp", Map.of("external_id", "B"))).then().statusCode(200);
    }

    @Test
    void anAnnouncementOlderThanTheRecordedOneOrAfterTheDeletionChangesNothing() throws Exception {
        String id = Ids.next();
        announce(id, "updated", true, false, Instant.now()); // allow_write_data off, after erp's token
        awaitRefused("write_data_not_allowed");

        // Arrives late, happened before: had it been recorded, erp's newer token would decide and allow.
        awaitApplied(announce(id, "updated", true, true, Instant.now().minusSeconds(60)));
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "A"))).then().statusCode(403)
                .body("error_code", equalTo("write_data_not_allowed"));

        announce(id, "deleted", true, false, Instant.now());
        awaitRefused("integration_disabled");
        awaitApplied(announce(id, "updated", true, true, Instant.now().plusSeconds(1))); // nothing after a deletion
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "B"))).then().statusCode(403)
                .body("error_code", equalTo("integration_disabled"));
    }

    @Test
    void aDeletedRecordTakesEveryIntegrationsDataWithIt() {
        String keep = Ids.next();
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "A-17"))).then().statusCode(200);
        writeAsAdmin("products", product, Map.of("shop", Map.of("id", "9"))).then().statusCode(200);
        write(erp, "products", keep, Map.of("erp", Map.of("external_id", "A-18"))).then().statusCode(200);

        ObjectNode deleted = JsonNodeFactory.instance.objectNode().put("id", product);
        kafka.send("catalog.products", product, KafkaEvents.cloudEvent("entrepot.catalog.product.deleted.v1", product, org, deleted));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> read("products", product).then().body("data", hasSize(0)));
        read("products", keep).then().body("data", hasSize(1));
        JsonNode tombstone = kafka.about(IntegrationDataContract.TOPIC, org + "/products/" + product + "/shop", 2).get(1);
        assertThat(tombstone.isNull()).as("a purged namespace is a tombstone on the compacted topic").isTrue();
    }

    @Test
    void aDeletedDepartmentOrIntegrationTakesTheDataKeptOnItWithIt() {
        String department = Ids.next();
        String integration = Ids.next();
        writeAsAdmin("departments", department, Map.of("wms", Map.of("site", "R1"))).then().statusCode(200);
        writeAsAdmin("integrations", integration, Map.of("ops", Map.of("owner", "team-a"))).then().statusCode(200);

        kafka.send("identity.departments", department, KafkaEvents.cloudEvent("entrepot.identity.department.deleted.v1",
                department, org, JsonNodeFactory.instance.objectNode().put("id", department).put("name", "Returns")));
        kafka.send("identity.integrations", integration, KafkaEvents.cloudEvent("entrepot.identity.integration.deleted.v1",
                integration, org, JsonNodeFactory.instance.objectNode().put("id", integration).put("name", "gone")
                        .put("enabled", true).put("allow_write_data", true)));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            read("departments", department).then().body("data", hasSize(0));
            read("integrations", integration).then().body("data", hasSize(0));
        });
    }

    @Test
    void aDeletedIntegrationsDataGoesFromEveryRecordAndNoOtherIntegrations() {
        String customer = Ids.next();
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "A-17"))).then().statusCode(200);
        write(erp, "customers", customer, Map.of("erp", Map.of("external_id", "C-1"))).then().statusCode(200);
        writeAsAdmin("products", product, Map.of("shop", Map.of("id", "9"))).then().statusCode(200);
        String otherOrg = "org-" + UUID.randomUUID();
        write(InternalTokens.bearerForApiKey(otherOrg, "erp", true), "products", product, Map.of("erp", Map.of("x", "1")))
                .then().statusCode(200);

        announce("deleted", "erp", true);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> read("customers", customer).then().body("data", hasSize(0)));
        read("products", product).then().body("data.integration", equalTo(List.of("shop")));
        given().header("Authorization", InternalTokens.bearer(otherOrg)).get("/internal/v1/integrations-data/products/" + product)
                .then().body("data.integration", equalTo(List.of("erp")));
        write(erp, "products", product, Map.of("erp", Map.of("external_id", "again"))).then().statusCode(403)
                .body("error_code", equalTo("integration_disabled"));
    }

    @Test
    void malformedRequestsAreRefusedClearly() {
        write(erp, "widgets", product, Map.of("erp", Map.of("a", "b"))).then().statusCode(404);
        write(erp, "products", "not-an-id", Map.of("erp", Map.of("a", "b"))).then().statusCode(404);
        write(erp, "products", product, Map.of()).then().statusCode(422);
        write(erp, "products", product, Map.of("erp", "flat")).then().statusCode(422).body("errors.field", hasItem("integrationsData.erp"));
        given().header("Authorization", erp).contentType(ContentType.JSON).body("{\"erp\":")
                .patch("/internal/v1/integrations-data/products/" + product).then().statusCode(400);
        given().contentType(ContentType.JSON).body(Map.of("erp", Map.of("a", "b")))
                .patch("/internal/v1/integrations-data/products/" + product).then().statusCode(401);
    }

    /** issue 20: a NUL or half a character reached PostgreSQL's jsonb and came back as a 500. */
    @Test
    void textThatCannotBeStoredIsRefusedWholeAndNothingIsWritten() {
        write(erp, "products", product, Map.of("erp", Map.of("kept", "1"))).then().statusCode(200);
        for (String body : List.of("{\"erp\":{\"k\":\"a\\u0000b\"}}", "{\"erp\":{\"k\\u0000\":\"v\"}}",
                "{\"erp\":{\"k\":\"\\ud800\",\"other\":\"v\"}}", "{\"er\\u0000p\":{\"k\":\"v\"}}")) {
            given().header("Authorization", erp).contentType(ContentType.JSON).body(body)
                    .patch("/internal/v1/integrations-data/products/" + product).then().statusCode(422)
                    .body("error_code", equalTo("validation_failed"))
                    .body("errors[0].field", startsWith("er"));
        }
        read("products", product).then().body("data[0].values", equalTo(Map.of("kept", "1")));
    }

    @Test
    void aBatchWritesEveryRecordOrNoneAndNamesTheItemThatBreaksALimit() {
        String other = Ids.next();
        Map<String, String> twentyKeys = new LinkedHashMap<>();
        for (int i = 1; i <= 20; i++) {
            twentyKeys.put("k" + i, "v");
        }
        write(erp, "products", other, Map.of("erp", twentyKeys)).then().statusCode(200);

        writeMany(erp, "products", List.of(Map.of("record_id", product, "integrationsData", Map.of("erp", Map.of("id", "1"))),
                Map.of("record_id", other, "integrationsData", Map.of("erp", Map.of("k21", "v"))))).then().statusCode(422)
                .body("errors.index", equalTo(List.of(1))).body("errors.field", equalTo(List.of("integrationsData.erp.k21")));
        read("products", product).then().body("data", hasSize(0));

        writeMany(erp, "products", List.of(Map.of("record_id", product, "integrationsData", Map.of("erp", Map.of("id", "1"))),
                Map.of("record_id", other, "integrationsData", Map.of("erp", Map.of("k1", "w"))))).then().statusCode(200)
                .body("data.record_id", equalTo(List.of(product, other)))
                .body("data[0].namespaces[0].values", equalTo(Map.of("id", "1")))
                .body("data[1].namespaces[0].values.k1", equalTo("w"));
        read("products", product).then().body("data[0].values", equalTo(Map.of("id", "1")));

        writeMany(erp, "products", List.of(Map.of("record_id", product, "integrationsData", Map.of("shop", Map.of("id", "2")))))
                .then().statusCode(403).body("error_code", equalTo("forbidden_namespace"));
        writeMany(erp, "products", List.of(Map.of("record_id", "nope", "integrationsData", Map.of("erp", Map.of("id", "2"))),
                Map.of("record_id", product, "integrationsData", Map.of()))).then().statusCode(422)
                .body("errors.index", equalTo(List.of(0, 1)));
        writeMany(erp, "products", List.of()).then().statusCode(422);
        writeMany(erp, "products", List.of(Map.of("record_id", product, "integrationsData", Map.of("erp", Map.of("id", "2"))),
                Map.of("record_id", product, "integrationsData", Map.of("erp", Map.of("id", "3"))))).then().statusCode(422)
                .body("errors.index", equalTo(List.of(1))).body("errors.field", equalTo(List.of("record_id")));
        read("products", product).then().body("data[0].values", equalTo(Map.of("id", "1")));
    }

    /** Waits until integrations-service has applied an announcement: erp's writes (to throwaway records) are refused. */
    private void awaitRefused(String errorCode) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> write(erp, "products", Ids.next(),
                Map.of("erp", Map.of("probe", "1"))).then().statusCode(403).body("error_code", equalTo(errorCode)));
    }

    /** An integration as identity-service announces it on identity.integrations. */
    private void announce(String happened, String name, boolean allowWriteData) {
        String id = Ids.next();
        ObjectNode integration = JsonNodeFactory.instance.objectNode().put("id", id).put("name", name)
                .put("enabled", !happened.equals("disabled")).put("allow_write_data", allowWriteData);
        kafka.send("identity.integrations", id, KafkaEvents.cloudEvent("entrepot.identity.integration." + happened + ".v1", id,
                org, integration));
    }

    /** Announces integration {@code id} (named erp) as having changed at {@code time}; answers the event's id. */
    private String announce(String id, String happened, boolean enabled, boolean allowWriteData, Instant time) throws Exception {
        ObjectNode integration = JsonNodeFactory.instance.objectNode().put("id", id).put("name", "erp").put("enabled", enabled)
                .put("allow_write_data", allowWriteData);
        ObjectNode event = (ObjectNode) new ObjectMapper().readTree(KafkaEvents.cloudEvent(
                "entrepot.identity.integration." + happened + ".v1", id, org, integration));
        event.put("time", time.toString());
        kafka.send("identity.integrations", id, event.toString());
        return event.path("id").asText();
    }

    /** Waits until the registry's consumer has applied (or skipped) the event. */
    private void awaitApplied(String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> sql.one("SELECT 1 FROM event_inbox WHERE event_id = ?",
                row -> true, UUID.fromString(eventId)).isPresent());
    }

    private static Response write(String token, String entity, String id, Map<String, ?> body) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(body)
                .patch("/internal/v1/integrations-data/" + entity + "/" + id);
    }

    private static Response writeMany(String token, String entity, List<Map<String, ?>> items) {
        return given().header("Authorization", token).contentType(ContentType.JSON).body(Map.of("data", items))
                .patch("/internal/v1/integrations-data/" + entity);
    }

    /** A person of the organization with role admin, acting at elevation admin. */
    private Response writeAsAdmin(String entity, String id, Map<String, ?> body) {
        return given().header("Authorization", InternalTokens.bearerForUser(org, "admin")).queryParam("elevation", "admin")
                .contentType(ContentType.JSON).body(body).patch("/internal/v1/integrations-data/" + entity + "/" + id);
    }

    private Response read(String entity, String id) {
        return given().header("Authorization", InternalTokens.bearer(org)).get("/internal/v1/integrations-data/" + entity + "/" + id);
    }
}

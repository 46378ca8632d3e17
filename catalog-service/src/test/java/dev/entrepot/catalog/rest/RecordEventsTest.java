package dev.entrepot.catalog.rest;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** Each write through the API reaches Kafka as a CloudEvent, through the outbox and its relay. */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class RecordEventsTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final String org = CatalogApi.newOrganization();

    @Test
    void aBrandsCreationChangeAndDeletionArePublishedInOrder() {
        String id = create(org, "brands", Map.of("name", "Acme"));
        as(org).body(Map.of("name", "Acme Corp")).patch("/api/v1/brands/" + id).then().statusCode(200);
        as(org).delete("/api/v1/brands/" + id).then().statusCode(204);

        List<JsonNode> events = recordsOf("catalog.brands", id, 3);
        assertThat(events).extracting(event -> event.path("type").asText()).containsExactly(
                "entrepot.catalog.brand.created.v1", "entrepot.catalog.brand.updated.v1", "entrepot.catalog.brand.deleted.v1");
        assertThat(events).extracting(event -> event.path("data").path("name").asText())
                .containsExactly("Acme", "Acme Corp", "Acme Corp");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.path("specversion").asText()).isEqualTo("1.0");
            assertThat(event.path("source").asText()).isEqualTo("/entrepot/catalog-service");
            assertThat(event.path("subject").asText()).isEqualTo(id);
            assertThat(event.path("orgid").asText()).isEqualTo(org);
            assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
            assertThat(UUID.fromString(event.path("id").asText())).isNotNull();
        });
        assertThat(events).extracting(event -> event.path("id").asText()).doesNotHaveDuplicates();
    }

    @Test
    void aRefusedWritePublishesNothing() {
        String id = create(org, "products", Map.of("sku", "EV-1", "name_en", "Kept"));
        as(org).body(Map.of("price", -1)).patch("/api/v1/products/" + id).then().statusCode(422);
        as(org).body(Map.of("name_en", "Renamed")).patch("/api/v1/products/" + id).then().statusCode(200);

        List<JsonNode> events = recordsOf("catalog.products", id, 2);
        assertThat(events).extracting(event -> event.path("type").asText())
                .containsExactly("entrepot.catalog.product.created.v1", "entrepot.catalog.product.updated.v1");
        assertThat(events.get(1).path("data").path("name_en").asText()).isEqualTo("Renamed");
    }

    private List<JsonNode> recordsOf(String topic, String subject, int expected) {
        try (KafkaEvents events = KafkaEvents.connect(bootstrapServers)) {
            return events.about(topic, subject, expected);
        }
    }
}

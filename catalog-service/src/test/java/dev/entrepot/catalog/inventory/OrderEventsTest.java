package dev.entrepot.catalog.inventory;

import static dev.entrepot.catalog.rest.CatalogApi.as;
import static dev.entrepot.catalog.rest.CatalogApi.create;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.catalog.rest.CatalogApi;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.persistence.Sql;
import dev.entrepot.platform.testing.KafkaEvents;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The catalog's side of the saga through a real broker: order events on {@code orders.orders} in,
 * reservation outcomes on {@code catalog.inventory} out, each event applied once.
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
class OrderEventsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.incoming.\"orders.orders\".group.id")
    String group;

    @Inject
    Sql sql;

    private final String org = CatalogApi.newOrganization();
    private KafkaEvents kafka;
    private String kettle;
    private String riyadh;

    @BeforeEach
    void stock() {
        kafka = KafkaEvents.connect(bootstrapServers);
        KafkaEvents.awaitAssigned(bootstrapServers, group, "orders.orders");
        kettle = create(org, "products", Map.of("name_en", "Kettle"));
        riyadh = create(org, "locations", Map.of("name", "Riyadh"));
        as(org).body(Map.of("product_id", kettle, "location_id", riyadh, "delta", 5, "reason", "count"))
                .post("/api/v1/inventory/adjustments").then().statusCode(201);
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aPlacedOrderIsReservedOnceEvenWhenItsEventComesTwice() {
        String order = Ids.next();
        String placed = KafkaEvents.cloudEvent("entrepot.orders.order.placed.v1", order, org, order(order, 3));
        kafka.send("orders.orders", order, placed);
        kafka.send("orders.orders", order, placed);

        List<JsonNode> outcomes = kafka.about("catalog.inventory", order, 1);
        assertThat(outcomes.get(0).path("type").asText()).isEqualTo("entrepot.catalog.inventory.reserved.v1");
        assertThat(outcomes.get(0).path("orgid").asText()).isEqualTo(org);
        assertThat(outcomes.get(0).path("data").path("reservations").get(0).path("quantity").asInt()).isEqualTo(3);
        assertStock(5, 3);
    }

    @Test
    void anOrderTooBigIsRejectedNamingTheShortLine() {
        String order = Ids.next();
        kafka.send("orders.orders", order, KafkaEvents.cloudEvent("entrepot.orders.order.placed.v1", order, org, order(order, 6)));

        JsonNode outcome = kafka.about("catalog.inventory", order, 1).get(0);
        assertThat(outcome.path("type").asText()).isEqualTo("entrepot.catalog.inventory.reservation_rejected.v1");
        JsonNode shortage = outcome.path("data").path("shortages").get(0);
        assertThat(shortage.path("line").asInt()).isZero();
        assertThat(shortage.path("product_id").asText()).isEqualTo(kettle);
        assertThat(shortage.path("requested").asInt()).isEqualTo(6);
        assertThat(shortage.path("available").asInt()).isEqualTo(5);
        assertThat(outcome.path("data").path("reason").asText()).contains("6 requested, 5 available");
        assertStock(5, 0);
    }

    @Test
    void cancellingReleasesAndFulfillingCommits() {
        String cancelled = Ids.next();
        String fulfilled = Ids.next();
        kafka.send("orders.orders", cancelled, KafkaEvents.cloudEvent("entrepot.orders.order.placed.v1", cancelled, org, order(cancelled, 2)));
        kafka.send("orders.orders", fulfilled, KafkaEvents.cloudEvent("entrepot.orders.order.placed.v1", fulfilled, org, order(fulfilled, 1)));
        kafka.send("orders.orders", cancelled, KafkaEvents.cloudEvent("entrepot.orders.order.cancelled.v1", cancelled, org, order(cancelled, 2)));
        kafka.send("orders.orders", fulfilled, KafkaEvents.cloudEvent("entrepot.orders.order.fulfilled.v1", fulfilled, org, order(fulfilled, 1)));

        assertThat(kafka.about("catalog.inventory", cancelled, 2)).extracting(event -> event.path("type").asText())
                .containsExactly("entrepot.catalog.inventory.reserved.v1", "entrepot.catalog.inventory.released.v1");
        assertThat(kafka.about("catalog.inventory", fulfilled, 2)).extracting(event -> event.path("type").asText())
                .containsExactly("entrepot.catalog.inventory.reserved.v1", "entrepot.catalog.inventory.committed.v1");
        assertStock(4, 0);
    }

    /** catalog ignores an order's confirmation: it is read and skipped, with no transaction and no inbox row. */
    @Test
    void anEventTypeWithoutAHandlerIsSkippedBeforeAnyWrite() throws Exception {
        String order = Ids.next();
        String confirmed = KafkaEvents.cloudEvent("entrepot.orders.order.confirmed.v1", order, org, order(order, 1));
        String placed = KafkaEvents.cloudEvent("entrepot.orders.order.placed.v1", order, org, order(order, 1));
        kafka.send("orders.orders", order, confirmed); // one key, one partition: read before the placement
        kafka.send("orders.orders", order, placed);

        assertThat(kafka.about("catalog.inventory", order, 1)).extracting(event -> event.path("type").asText())
                .containsExactly("entrepot.catalog.inventory.reserved.v1");
        assertThat(inboxRows(MAPPER.readTree(confirmed).path("id").asText())).isZero();
        assertThat(inboxRows(MAPPER.readTree(placed).path("id").asText())).isOne();
    }

    private long inboxRows(String eventId) {
        return sql.one("SELECT count(*) FROM event_inbox WHERE event_id = ?::uuid", row -> row.getLong(1), eventId).orElseThrow();
    }

    private ObjectNode order(String id, int quantity) {
        ObjectNode order = MAPPER.createObjectNode().put("id", id).put("number", "ORD-" + UUID.randomUUID());
        order.putArray("lines").addObject().put("product_id", kettle).put("quantity", quantity);
        return order;
    }

    private void assertStock(int onHand, int reserved) {
        as(org).get("/api/v1/inventory?product_id=" + kettle).then().statusCode(200)
                .body("data[0].on_hand", equalTo(onHand)).body("data[0].reserved", equalTo(reserved));
    }
}

package dev.entrepot.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.contracts.EventJson;
import dev.entrepot.platform.contracts.HeldStock;
import dev.entrepot.platform.contracts.InventoryReservationRejected;
import dev.entrepot.platform.contracts.InventoryReserved;
import dev.entrepot.platform.events.ReceivedEvent.MalformedEvent;

/** The typed dispatch without a broker or a database: which handler gets what. */
class EventHandlersTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<String> applied = new ArrayList<>();
    private final EventHandlers handlers = EventHandlers.of("orders-saga")
            .on(InventoryReserved.TYPE, InventoryReserved.class,
                    (event, reserved) -> applied.add("confirm " + reserved.orderId() + " of " + event.organization()))
            .on(InventoryReservationRejected.TYPE, InventoryReservationRejected.class,
                    (event, rejected) -> applied.add("reject " + rejected.orderId() + ": " + rejected.reason()));

    @Test
    void anEventGoesToTheHandlerOfItsTypeAsItsRecord() {
        InventoryReserved reserved = new InventoryReserved("ord1", List.of(new HeldStock("p1", "loc1", 2)));
        Runnable effect = handlers.effectOf(received(reserved.type(), EventJson.toTree(reserved)));

        assertThat(applied).isEmpty(); // nothing runs before the inbox runs the effect
        effect.run();

        assertThat(applied).containsExactly("confirm ord1 of org1");
    }

    @Test
    void eachTypeHasItsOwnHandler() {
        ObjectNode data = MAPPER.createObjectNode().put("order_id", "ord2").put("reason", "Not enough stock");
        data.putArray("shortages");

        handlers.effectOf(received(InventoryReservationRejected.TYPE, data)).run();

        assertThat(applied).containsExactly("reject ord2: Not enough stock");
    }

    @Test
    void anEventOfAnotherTypeIsIgnored() {
        Runnable effect = handlers.effectOf(received("entrepot.catalog.inventory.adjusted.v1", MAPPER.createObjectNode()));

        effect.run();

        assertThat(applied).isEmpty();
        assertThat(handlers.handles("entrepot.catalog.inventory.adjusted.v1")).isFalse();
    }

    @Test
    void dataThatDoesNotFitTheRecordIsMalformedBeforeAnythingRuns() {
        JsonNode data = MAPPER.createObjectNode().put("order_id", "ord3").put("reservations", "all of them");

        assertThatThrownBy(() -> handlers.effectOf(received(InventoryReserved.TYPE, data)))
                .isInstanceOf(MalformedEvent.class)
                .hasMessageStartingWith("The data of a entrepot.catalog.inventory.reserved.v1 event does not fit: not a InventoryReserved");
        assertThatThrownBy(() -> handlers.effectOf(received(InventoryReserved.TYPE, MAPPER.getNodeFactory().missingNode())))
                .isInstanceOf(MalformedEvent.class)
                .hasMessageContaining("not a JSON object");
        assertThat(applied).isEmpty();
    }

    @Test
    void theEventAsReadFromKafka() throws Exception {
        InventoryReserved reserved = new InventoryReserved("ord4", List.of());
        String json = Outbox.cloudEvent(UUID.randomUUID(), "/entrepot/catalog-service",
                reserved.type(), "ord4", "org9", OffsetDateTime.parse("2026-11-23T10:00:00Z"), reserved);

        handlers.effectOf(ReceivedEvent.parse(json)).run();

        assertThat(applied).containsExactly("confirm ord4 of org9");
    }

    @Test
    void oneHandlerPerType() {
        assertThatThrownBy(() -> handlers.on(InventoryReserved.TYPE, InventoryReserved.class, (event, data) -> {
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("orders-saga already handles " + InventoryReserved.TYPE);
        assertThat(handlers.types()).containsExactly(InventoryReserved.TYPE, InventoryReservationRejected.TYPE);
        assertThat(handlers.consumer()).isEqualTo("orders-saga");
        assertThatThrownBy(() -> EventHandlers.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static ReceivedEvent received(String type, JsonNode data) {
        return new ReceivedEvent(UUID.randomUUID(), type, "ord1", "org1", "2026-11-23T10:00:00Z", data);
    }
}

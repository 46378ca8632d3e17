package dev.entrepot.platform.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Each record writes the JSON docs/asyncapi.yaml describes, and reads it back unchanged. */
class ContractsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** An order as orders-service's API shows it (decimals with their scale, nulls written out). */
    private static final String ORDER = """
            {"id":"ord1","created":"2026-11-23T10:00:00Z","updated":"2026-11-23T10:00:01Z","number":"ORD-000042",
             "customer_id":null,"source":"api","status":"pending","reason":null,"currency":"SAR","location_id":"loc1",
             "lines":[{"product_id":"p1","sku":"SKU-1","name":"Dates","quantity":3,"unit_price":12.50,"total":37.50},
                      {"product_id":"p2","quantity":1,"unit_price":0.0001,"total":0.0001}],
             "quantity":4,"subtotal":37.5001,"shipping":0,"discount":1.10,"total":36.4001,"notes":"ring twice",
             "integrationsData":{"erp":{"ref":"A-1"}}}""";

    /**
     * The JSON as the outbox stores it: as text (in a jsonb column, which orders the keys its own way),
     * so a {@code long} 3 and an {@code int} 3 are the same, and the order of keys does not count.
     */
    private static JsonNode asWritten(JsonNode data) throws Exception {
        return EventJsonTestSupport.exact(JSON.writeValueAsString(data));
    }

    @Test
    void anOrderEventIsTheWholeOrder() throws Exception {
        ObjectNode order = (ObjectNode) EventJsonTestSupport.exact(ORDER);

        OrderEvent placed = OrderEvent.of("placed", Order.of(order));

        assertThat(placed).isInstanceOf(OrderPlaced.class);
        assertThat(placed.type()).isEqualTo("entrepot.orders.order.placed.v1");
        assertThat(placed.topic()).isEqualTo("orders.orders");
        JsonNode written = EventJson.toTree(placed);
        assertThat(asWritten(written)).isEqualTo(order);
        assertThat(written.path("lines").path(0).path("unit_price").decimalValue()).hasToString("12.50");
        assertThat(written.has("type")).isFalse();
        assertThat(written.has("topic")).isFalse();
    }

    @Test
    void anOrderEventReadsTheSagaFields() throws Exception {
        OrderPlaced placed = EventJson.fromTree(EventJsonTestSupport.exact(ORDER), OrderPlaced.class);

        assertThat(placed.order().id()).isEqualTo("ord1");
        assertThat(placed.order().numberOrId()).isEqualTo("ORD-000042");
        assertThat(placed.order().locationId()).isEqualTo("loc1");
        assertThat(placed.order().lines()).extracting(Order.Line::productId, Order.Line::quantity)
                .containsExactly(tuple("p1", 3L), tuple("p2", 1L));
        assertThat(placed.order().fields().get("status").asText()).isEqualTo("pending");
        assertThat(asWritten(EventJson.toTree(placed))).isEqualTo(EventJsonTestSupport.exact(ORDER));
    }

    @Test
    void everyOrderStepHasItsEvent() {
        Order order = Order.of((ObjectNode) EventJsonTestSupport.exact(ORDER));
        assertThat(List.of("placed", "confirmed", "rejected", "cancelled", "fulfilled", "delivered"))
                .allSatisfy(step -> assertThat(OrderEvent.of(step, order).type()).isEqualTo("entrepot.orders.order." + step + ".v1"));
        assertThatThrownBy(() -> OrderEvent.of("pending", order)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReservationIsWrittenAsToday() throws Exception {
        InventoryReserved reserved = new InventoryReserved("ord1",
                List.of(new HeldStock("p1", "loc1", 2), new HeldStock("p1", "loc2", 1)));

        assertThat(JSON.writeValueAsString(EventJson.toTree(reserved))).isEqualTo("{\"order_id\":\"ord1\",\"reservations\":["
                + "{\"product_id\":\"p1\",\"location_id\":\"loc1\",\"quantity\":2},"
                + "{\"product_id\":\"p1\",\"location_id\":\"loc2\",\"quantity\":1}]}");
        assertThat(reserved.type()).isEqualTo("entrepot.catalog.inventory.reserved.v1");
        assertThat(reserved.topic()).isEqualTo("catalog.inventory");
        assertThat(EventJson.fromTree(EventJson.toTree(reserved), InventoryReserved.class)).isEqualTo(reserved);
        assertThat(new InventoryReleased("o", List.of()).type()).isEqualTo("entrepot.catalog.inventory.released.v1");
        assertThat(new InventoryCommitted("o", List.of()).type()).isEqualTo("entrepot.catalog.inventory.committed.v1");
    }

    @Test
    void aRejectionIsWrittenAsToday() throws Exception {
        InventoryReservationRejected rejected = new InventoryReservationRejected("ord1",
                "Not enough stock: line 0 (product p1): 3 requested, 1 available",
                List.of(new InventoryReservationRejected.Shortage(0, "p1", 3, 1, 2)));

        assertThat(JSON.writeValueAsString(EventJson.toTree(rejected))).isEqualTo("{\"order_id\":\"ord1\","
                + "\"reason\":\"Not enough stock: line 0 (product p1): 3 requested, 1 available\",\"shortages\":["
                + "{\"line\":0,\"product_id\":\"p1\",\"requested\":3,\"available\":1,\"short\":2}]}");
        assertThat(rejected.type()).isEqualTo("entrepot.catalog.inventory.reservation_rejected.v1");
        assertThat(EventJson.fromTree(EventJson.toTree(rejected), InventoryReservationRejected.class)).isEqualTo(rejected);
    }

    @Test
    void anAdjustmentIsTheLedgerLineWithItsStock() throws Exception {
        ObjectNode line = (ObjectNode) EventJsonTestSupport.exact("""
                {"id":"adj1","created":"2026-11-23T10:00:00Z","updated":"2026-11-23T10:00:00Z","product_id":"p1",
                 "location_id":"loc1","delta":-2,"reason":"damaged","order_id":null,"on_hand_after":8}""");
        ObjectNode stock = (ObjectNode) EventJsonTestSupport.exact("""
                {"id":"st1","product_id":"p1","location_id":"loc1","on_hand":8,"reserved":1,"available":7}""");

        InventoryAdjusted adjusted = InventoryAdjusted.of(line, stock);

        ObjectNode expected = line.deepCopy();
        expected.set("stock", stock);
        assertThat(asWritten(EventJson.toTree(adjusted))).isEqualTo(expected);
        assertThat(adjusted.delta()).isEqualTo(-2);
        assertThat(adjusted.onHandAfter()).isEqualTo(8);
        assertThat(line.has("stock")).isFalse();
    }

    @Test
    void aPayloadThatDoesNotFitIsRefused() {
        assertThatThrownBy(() -> EventJson.fromTree(EventJsonTestSupport.exact("{\"order_id\":\"o\",\"reservations\":\"none\"}"),
                InventoryReserved.class)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("InventoryReserved");
        assertThatThrownBy(() -> EventJson.fromTree(JSON.getNodeFactory().missingNode(), InventoryReserved.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a JSON object");
    }

    @Test
    void newFieldsOfAVersionOneEventAreIgnored() {
        InventoryReserved reserved = EventJson.fromTree(EventJsonTestSupport.exact(
                "{\"order_id\":\"o\",\"reservations\":[],\"warehouse_note\":\"x\"}"), InventoryReserved.class);
        assertThat(reserved.orderId()).isEqualTo("o");
    }

    @Test
    void recordEventNames() {
        assertThat(RecordEventNames.service("catalog-service")).isEqualTo("catalog");
        assertThat(RecordEventNames.topic("catalog", "products")).isEqualTo("catalog.products");
        assertThat(RecordEventNames.type("orders", "customer", RecordEventNames.Change.DELETED))
                .isEqualTo("entrepot.orders.customer.deleted.v1");
        assertThat(RecordEventNames.type("orders", "order", "placed")).isEqualTo(OrderPlaced.TYPE);
        assertThat(Topics.deadLetter(Topics.ORDERS)).isEqualTo("orders.orders.dlq");
    }
}

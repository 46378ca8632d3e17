package dev.entrepot.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.TextNode;

import dev.entrepot.platform.contracts.EventJson;
import dev.entrepot.platform.contracts.Order;
import dev.entrepot.platform.contracts.OrderPlaced;

class OutboxEnvelopeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UUID ID = UUID.fromString("0b6f3c52-8a55-4c1e-9d55-3f0a8e3e2a11");
    private static final OffsetDateTime TIME = OffsetDateTime.parse("2026-11-23T10:00:00.250+01:00");
    private static final String HEAD = "{\"specversion\":\"1.0\",\"id\":\"" + ID + "\",\"source\":\"/entrepot/orders-service\","
            + "\"type\":\"entrepot.orders.order.placed.v1\",\"subject\":\"ord1\",\"time\":\"2026-11-23T09:00:00.250Z\","
            + "\"datacontenttype\":\"application/json\",\"orgid\":\"org1\",\"data\":";

    @Test
    void anEventIsWrittenAsItsContractWritesItDecimalsExactly() throws Exception {
        OrderPlaced placed = new OrderPlaced(new Order("ord1", "ORD-000001", "loc1", List.of(new Order.Line("p1", 2)),
                Map.of("total", DecimalNode.valueOf(new BigDecimal("12.50")), "status", TextNode.valueOf("pending"))));

        String written = Outbox.cloudEvent(ID, "/entrepot/orders-service", placed.type(), "ord1", "org1", TIME, placed);

        assertThat(written).isEqualTo(HEAD + MAPPER.writeValueAsString(EventJson.toTree(placed)) + "}");
        assertThat(written).contains("\"total\":12.50");
    }

    @Test
    void aJsonTreeIsWrittenAsItIs() throws Exception {
        var data = MAPPER.createObjectNode().put("number", "ORD-000001").put("total", new BigDecimal("0.10"));

        String written = Outbox.cloudEvent(ID, "/entrepot/orders-service", "entrepot.orders.order.placed.v1", "ord1", "org1",
                TIME, data);

        assertThat(written).isEqualTo(HEAD + "{\"number\":\"ORD-000001\",\"total\":0.10}}");
    }
}

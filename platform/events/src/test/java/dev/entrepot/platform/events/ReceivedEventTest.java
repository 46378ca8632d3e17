package dev.entrepot.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.entrepot.platform.events.ReceivedEvent.MalformedEvent;

class ReceivedEventTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsWhatTheOutboxWrites() throws Exception {
        UUID id = UUID.randomUUID();
        String json = Outbox.cloudEvent(id, "/entrepot/orders-service", "entrepot.orders.order.placed.v1",
                "ord1", "org1", OffsetDateTime.parse("2026-11-23T10:00:00Z"), MAPPER.createObjectNode().put("number", "1001"));

        ReceivedEvent event = ReceivedEvent.parse(json);

        assertThat(event.id()).isEqualTo(id);
        assertThat(event.type()).isEqualTo("entrepot.orders.order.placed.v1");
        assertThat(event.subject()).isEqualTo("ord1");
        assertThat(event.organization()).isEqualTo("org1");
        assertThat(event.time()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(event.data().path("number").asText()).isEqualTo("1001");
    }

    @Test
    void refusesWhatIsNoCloudEvent() {
        assertThatThrownBy(() -> ReceivedEvent.parse(null)).isInstanceOf(MalformedEvent.class).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> ReceivedEvent.parse("{oops")).isInstanceOf(MalformedEvent.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> ReceivedEvent.parse("[1]")).isInstanceOf(MalformedEvent.class).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> ReceivedEvent.parse("{\"id\":\"42\",\"type\":\"t\"}")).isInstanceOf(MalformedEvent.class)
                .hasMessageContaining("id is not a UUID");
        assertThatThrownBy(() -> ReceivedEvent.parse("{\"id\":\"" + UUID.randomUUID() + "\"}")).isInstanceOf(MalformedEvent.class)
                .hasMessageContaining("no type");
    }
}

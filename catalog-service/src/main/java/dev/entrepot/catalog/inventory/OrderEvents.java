package dev.entrepot.catalog.inventory;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.events.ReceivedEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The catalog's part of the order saga: an order placed reserves its stock, a cancelled one releases
 * it, a fulfilled one commits it. Each event is applied once (the inbox), in the same transaction as
 * its effect and the outcome event it publishes.
 */
@ApplicationScoped
public class OrderEvents {

    static final String CONSUMER = "catalog-inventory";
    private static final String ORDER = "entrepot.orders.order.";

    private final Inbox inbox;
    private final Inventory inventory;

    OrderEvents(Inbox inbox, Inventory inventory) {
        this.inbox = inbox;
        this.inventory = inventory;
    }

    @Incoming("orders")
    @Blocking
    public void receive(String payload) {
        inbox.receive(CONSUMER, payload, this::apply);
    }

    private void apply(ReceivedEvent event) {
        JsonNode order = event.data();
        String organization = event.organization();
        String orderId = order.path("id").asText();
        switch (event.type()) {
            case ORDER + "placed.v1" -> inventory.reserve(organization, orderId, lines(order), order.path("location_id").asText(null));
            case ORDER + "cancelled.v1" -> inventory.release(organization, orderId);
            case ORDER + "fulfilled.v1" -> inventory.commit(organization, orderId, order.path("number").asText(orderId));
            default -> {
                // the other order events (confirmed, rejected, delivered) change no stock
            }
        }
    }

    private static List<Inventory.Line> lines(JsonNode order) {
        List<Inventory.Line> lines = new ArrayList<>();
        for (JsonNode line : order.path("lines")) {
            lines.add(new Inventory.Line(line.path("product_id").asText(), line.path("quantity").asLong()));
        }
        return lines;
    }
}

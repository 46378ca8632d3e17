package dev.entrepot.orders.placement;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.events.ReceivedEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * orders-service's part of the saga: the catalog reserved a placed order's stock (→ confirmed) or could
 * not (→ rejected, with the catalog's reason). Each event applied once (the inbox), in the transaction
 * of the order's change and its event.
 */
@ApplicationScoped
public class InventoryEvents {

    static final String CONSUMER = "orders-saga";
    private static final String INVENTORY = "entrepot.catalog.inventory.";

    private final Inbox inbox;
    private final OrderBook book;

    InventoryEvents(Inbox inbox, OrderBook book) {
        this.inbox = inbox;
        this.book = book;
    }

    @Incoming("inventory")
    @Blocking
    public void receive(String payload) {
        inbox.receive(CONSUMER, payload, this::apply);
    }

    private void apply(ReceivedEvent event) {
        String order = event.data().path("order_id").asText();
        switch (event.type()) {
            case INVENTORY + "reserved.v1" -> book.settleReservation(event.organization(), order, Lifecycle.CONFIRM, null);
            case INVENTORY + "reservation_rejected.v1" ->
                book.settleReservation(event.organization(), order, Lifecycle.REJECT, event.data().path("reason").asText(null));
            default -> {
                // adjustments, releases and commits change no order
            }
        }
    }
}

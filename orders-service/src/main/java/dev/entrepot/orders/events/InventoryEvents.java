package dev.entrepot.orders.events;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entrepot.orders.placement.Lifecycle;
import dev.entrepot.orders.placement.OrderBook;
import dev.entrepot.platform.contracts.InventoryReservationRejected;
import dev.entrepot.platform.contracts.InventoryReserved;
import dev.entrepot.platform.contracts.Topics;
import dev.entrepot.platform.events.EventHandlers;
import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.events.ReceivedEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * orders-service's part of the saga: the catalog reserved a placed order's stock (→ confirmed) or could
 * not (→ rejected, with the catalog's reason); adjustments, releases and commits change no order. Each
 * event applied once (the inbox), in the transaction of the order's change and its event.
 */
@ApplicationScoped
public class InventoryEvents {

    static final String CONSUMER = "orders-saga";

    private final Inbox inbox;
    private final OrderBook book;
    private final EventHandlers handlers;

    InventoryEvents(Inbox inbox, OrderBook book) {
        this.inbox = inbox;
        this.book = book;
        this.handlers = EventHandlers.of(CONSUMER)
                .on(InventoryReserved.TYPE, InventoryReserved.class, this::confirm)
                .on(InventoryReservationRejected.TYPE, InventoryReservationRejected.class, this::reject);
    }

    @Incoming(Topics.INVENTORY)
    @Blocking
    public void receive(ConsumerRecords<String, String> poll) {
        inbox.receive(poll, handlers);
    }

    private void confirm(ReceivedEvent event, InventoryReserved reserved) {
        book.settleReservation(event.organization(), reserved.orderId(), Lifecycle.CONFIRM, null);
    }

    private void reject(ReceivedEvent event, InventoryReservationRejected rejected) {
        book.settleReservation(event.organization(), rejected.orderId(), Lifecycle.REJECT, rejected.reason());
    }
}

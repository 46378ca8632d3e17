package dev.entrepot.catalog.events;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.entrepot.catalog.inventory.Inventory;
import dev.entrepot.platform.contracts.Order;
import dev.entrepot.platform.contracts.OrderCancelled;
import dev.entrepot.platform.contracts.OrderFulfilled;
import dev.entrepot.platform.contracts.OrderPlaced;
import dev.entrepot.platform.contracts.Topics;
import dev.entrepot.platform.events.EventHandlers;
import dev.entrepot.platform.events.Inbox;
import dev.entrepot.platform.events.ReceivedEvent;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The catalog's part of the order saga: an order placed reserves its stock, a cancelled one releases
 * it, a fulfilled one commits it; the other order events (confirmed, rejected, delivered) change no
 * stock. Each event is applied once (the inbox), in the same transaction as its effect and the outcome
 * event it publishes.
 */
@ApplicationScoped
public class OrderEvents {

    static final String CONSUMER = "catalog-inventory";

    private final Inbox inbox;
    private final Inventory inventory;
    private final EventHandlers handlers;

    OrderEvents(Inbox inbox, Inventory inventory) {
        this.inbox = inbox;
        this.inventory = inventory;
        this.handlers = EventHandlers.of(CONSUMER)
                .on(OrderPlaced.TYPE, OrderPlaced.class, this::reserve)
                .on(OrderCancelled.TYPE, OrderCancelled.class, this::release)
                .on(OrderFulfilled.TYPE, OrderFulfilled.class, this::commit);
    }

    @Incoming(Topics.ORDERS)
    @Blocking
    public void receive(ConsumerRecords<String, String> poll) {
        inbox.receive(poll, handlers);
    }

    private void reserve(ReceivedEvent event, OrderPlaced placed) {
        Order order = placed.order();
        inventory.reserve(event.organization(), order.id(),
                order.lines().stream().map(line -> new Inventory.Line(line.productId(), line.quantity())).toList(),
                order.locationId());
    }

    private void release(ReceivedEvent event, OrderCancelled cancelled) {
        inventory.release(event.organization(), cancelled.order().id());
    }

    private void commit(ReceivedEvent event, OrderFulfilled fulfilled) {
        inventory.commit(event.organization(), fulfilled.order().id(), fulfilled.order().numberOrId());
    }
}

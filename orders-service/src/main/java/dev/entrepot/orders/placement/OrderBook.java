package dev.entrepot.orders.placement;

import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import dev.entrepot.orders.Orders;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Field;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.RecordValues;
import dev.entrepot.platform.api.StoredRecord;
import dev.entrepot.platform.contracts.Order;
import dev.entrepot.platform.contracts.OrderEvent;
import dev.entrepot.platform.events.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Moves orders along their lifecycle, each step in one transaction with its event on {@code orders.orders}
 * ({@code entrepot.orders.order.<confirmed|cancelled|...>.v1}, the order as the API shows it), which is how
 * catalog-service learns to reserve, release or commit stock; {@link OrderPlacement} places them.
 */
@ApplicationScoped
@Transactional
public class OrderBook {


    private static final Logger LOG = Logger.getLogger(OrderBook.class);
    private static final Field STATUS = Orders.ORDERS.field("status").orElseThrow();

    private final RecordStore records;
    private final Outbox outbox;

    OrderBook(RecordStore records, Outbox outbox) {
        this.records = records;
        this.outbox = outbox;
    }

    /** Takes one step of the lifecycle; 404 for another organization's order, 409 naming both states if not allowed. */
    public StoredRecord advance(String organization, String id, Lifecycle step, String reason) {
        StoredRecord order = records.lock(Orders.ORDERS, organization, id)
                .orElseThrow(() -> ApiException.notFound("No order with id " + id));
        String status = order.json().path("status").asText();
        try {
            step.from(status);
        } catch (Lifecycle.IllegalTransition refused) {
            String message = "Order " + order.json().path("number").asText() + " " + refused.getMessage();
            throw new ApiException(409, "invalid_transition", message, List.of(FieldError.conflict("status", message)));
        }
        return move(organization, id, step, reason);
    }

    /**
     * The catalog's answer about a placed order: confirmed once its stock is reserved, or rejected with
     * the reason. An order no longer pending (cancelled meanwhile) keeps its status.
     */
    public void settleReservation(String organization, String id, Lifecycle outcome, String reason) {
        // One statement checks and moves: the status is read under the row's lock, as a SELECT ... FOR UPDATE would.
        Optional<StoredRecord> settled = records.updateWhile(Orders.ORDERS, organization, id, STATUS, outcome.allowedFrom(),
                change(outcome, reason));
        if (settled.isEmpty()) {
            LOG.debugf("Reservation outcome %s for order %s of %s ignored: no such order, or it is no longer %s", outcome, id,
                    organization, outcome.allowedFrom());
            return;
        }
        publish(organization, settled.get(), outcome.target());
    }

    private StoredRecord move(String organization, String id, Lifecycle step, String reason) {
        return publish(organization, records.update(Orders.ORDERS, organization, id, change(step, reason)).orElseThrow(),
                step.target());
    }

    private static RecordValues change(Lifecycle step, String reason) {
        RecordValues change = RecordValues.of(Orders.ORDERS).set("status", step.target());
        if (reason != null) {
            change.set("reason", reason);
        }
        return change;
    }

    /** Adds the event that {@code order}, as it now is, {@code happened} ({@code entrepot.orders.order.<happened>.v1}). */
    StoredRecord publish(String organization, StoredRecord order, String happened) {
        outbox.add(OrderEvent.of(happened, Order.of(order.json())), order.id(), organization);
        return order;
    }
}

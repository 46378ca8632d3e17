package dev.entrepot.orders.placement;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;


import dev.entrepot.orders.Orders;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.StoredRecord;
import dev.entrepot.platform.contracts.Order;
import dev.entrepot.platform.contracts.OrderEvent;
import dev.entrepot.platform.contracts.Topics;
import dev.entrepot.platform.events.Outbox;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Writes orders: placing one and each step of its lifecycle, every change in one transaction with its
 * event on {@code orders.orders} ({@code entrepot.orders.order.<placed|confirmed|...>.v1}, the order as
 * the API shows it), which is how catalog-service learns to reserve, release or commit stock.
 */
@ApplicationScoped
@Transactional
public class OrderBook {

    public static final String TOPIC = Topics.ORDERS;
    private static final String UNIQUE_VIOLATION = "23505";

    private static final Logger LOG = Logger.getLogger(OrderBook.class);

    private final Sql sql;
    private final RecordStore records;
    private final Outbox outbox;

    OrderBook(Sql sql, RecordStore records, Outbox outbox) {
        this.sql = sql;
        this.records = records;
        this.outbox = outbox;
    }

    /** Places a priced order as {@code pending}; {@code values} are the checked fields of {@link Orders#ORDERS}. */
    public StoredRecord place(String organization, Map<String, Object> values, OrderRequest.Priced priced) {
        String number = (String) values.get("number");
        if (number == null) {
            number = nextNumber(organization);
        } else if (isTaken(organization, number)) {
            throw numberTaken(number);
        }
        BigDecimal shipping = (BigDecimal) values.get("shipping");
        BigDecimal discount = (BigDecimal) values.get("discount");
        BigDecimal total = priced.subtotal().add(shipping).subtract(discount);
        if (total.signum() < 0) {
            throw ApiException.validation("discount", "discount must not exceed the lines' subtotal plus shipping ("
                    + priced.subtotal().add(shipping).toPlainString() + ")");
        }
        String id = Ids.next();
        try {
            insert(organization, id, number, values, priced, total);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException cause && UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                throw numberTaken(number); // a concurrent order took the number after our check
            }
            throw e;
        }
        return publish(organization, id, "placed");
    }

    private void insert(String organization, String id, String number, Map<String, Object> values, OrderRequest.Priced priced,
            BigDecimal total) {
        sql.update("INSERT INTO orders (id, org_id, version, created, updated, number, customer_id, source, status, currency, "
                + "location_id, lines, quantity, subtotal, shipping, discount, total, notes) "
                + "VALUES (?, ?, 1, now(), now(), ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?)",
                id, organization, number, values.get("customer_id"), values.get("source"), Lifecycle.PLACED,
                values.get("currency"), values.get("location_id"), priced.lines().toString(), priced.quantity(),
                priced.subtotal(), values.get("shipping"), values.get("discount"), total, values.get("notes"));
    }

    private static ApiException numberTaken(String number) {
        String message = "An order numbered " + number + " already exists";
        return new ApiException(409, "duplicate", message, List.of(FieldError.conflict("number", message)));
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
        StoredRecord order = records.lock(Orders.ORDERS, organization, id).orElse(null);
        if (order == null) {
            LOG.debugf("Reservation outcome for unknown order %s of %s: ignored", id, organization);
            return;
        }
        if (!outcome.allowedFrom(order.json().path("status").asText())) {
            LOG.debugf("Order %s is %s: reservation outcome %s ignored", id, order.json().path("status").asText(), outcome);
            return;
        }
        move(organization, id, outcome, reason);
    }

    private StoredRecord move(String organization, String id, Lifecycle step, String reason) {
        sql.update("UPDATE orders SET status = ?, reason = coalesce(?, reason), version = version + 1, updated = now() "
                + "WHERE org_id = ? AND id = ?", step.target(), reason, organization, id);
        return publish(organization, id, step.target());
    }

    private StoredRecord publish(String organization, String id, String happened) {
        StoredRecord order = records.find(Orders.ORDERS, organization, id).orElseThrow();
        outbox.add(OrderEvent.of(happened, Order.of(order.json())), id, organization);
        return order;
    }

    /**
     * ORD-000001, ORD-000002, ... from one sequence: unique and increasing in every organization, with
     * gaps (a per-organization counter would serialize an organization's placements); a number a
     * caller already gave an order is skipped.
     */
    private String nextNumber(String organization) {
        while (true) {
            long next = sql.one("SELECT nextval('order_number_seq')", row -> row.getLong(1)).orElseThrow();
            String number = String.format("ORD-%06d", next);
            if (!isTaken(organization, number)) {
                return number;
            }
        }
    }

    private boolean isTaken(String organization, String number) {
        return sql.one("SELECT 1 FROM orders WHERE org_id = ? AND number = ?", row -> 1, organization, number).isPresent();
    }
}

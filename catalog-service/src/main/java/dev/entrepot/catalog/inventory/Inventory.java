package dev.entrepot.catalog.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import dev.entrepot.catalog.Catalog;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.RecordValues;
import dev.entrepot.platform.api.StoredRecord;
import dev.entrepot.platform.contracts.HeldStock;
import dev.entrepot.platform.contracts.InventoryAdjusted;
import dev.entrepot.platform.contracts.InventoryCommitted;
import dev.entrepot.platform.contracts.InventoryEvent;
import dev.entrepot.platform.contracts.InventoryReleased;
import dev.entrepot.platform.contracts.InventoryReservationRejected;
import dev.entrepot.platform.contracts.InventoryReservationRejected.Shortage;
import dev.entrepot.platform.contracts.InventoryReserved;
import dev.entrepot.platform.events.Outbox;
import dev.entrepot.platform.persistence.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Stock per (product, location) and the two ways it changes: adjustments (the ledger) and the
 * reservations of the order saga (docs/architecture.md#events). Every change locks the stock rows it touches,
 * in one order (product, location), so concurrent orders never oversell and never deadlock; the table's
 * check constraint ({@code 0 <= reserved <= on_hand}) is the last line of defence. Each change and its
 * event on {@code catalog.inventory} commit together.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class Inventory {

    static final long MAX_DELTA = 1_000_000_000L;

    private final Sql sql;
    private final RecordStore records;
    private final Outbox outbox;

    Inventory(Sql sql, RecordStore records, Outbox outbox) {
        this.sql = sql;
        this.records = records;
        this.outbox = outbox;
    }

    /** One line of an order as the reservation sees it. */
    public record Line(String productId, long quantity) {
    }

    private record Stock(String id, String productId, String locationId, long onHand, long reserved) {
        long available() {
            return onHand - reserved;
        }
    }

    /**
     * Adds {@code delta} to the stock of a product at a location and writes it to the ledger. Refused
     * (409) when it would leave on_hand below zero or below what is reserved.
     */
    @Transactional
    public StoredRecord adjust(String organization, String productId, String locationId, long delta, String reason) {
        List<FieldError> errors = new ArrayList<>();
        if (records.find(Catalog.PRODUCTS, organization, productId).isEmpty()) {
            errors.add(FieldError.of("product_id", "No product with id " + productId));
        }
        if (records.find(Catalog.LOCATIONS, organization, locationId).isEmpty()) {
            errors.add(FieldError.of("location_id", "No location with id " + locationId));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        // A row this transaction just inserted is already its own until commit; an existing one is locked.
        Stock stock = records.insertUnlessTaken(Catalog.STOCK_LEVELS, organization,
                RecordValues.of(Catalog.STOCK_LEVELS).set("product_id", productId).set("location_id", locationId))
                .map(Inventory::stockOf)
                .orElseGet(() -> sql.one("SELECT id, product_id, location_id, on_hand, reserved FROM stock_levels "
                        + "WHERE org_id = ? AND product_id = ? AND location_id = ? FOR UPDATE", Inventory::stock,
                        organization, productId, locationId).orElseThrow());
        long onHand = stock.onHand() + delta;
        if (onHand < 0 || onHand < stock.reserved()) {
            throw new ApiException(409, "insufficient_stock", "The adjustment would leave " + onHand + " on hand"
                    + (stock.reserved() > 0 ? " with " + stock.reserved() + " reserved" : "") + " at this location; "
                    + "on hand is " + stock.onHand() + ", reserved " + stock.reserved(),
                    List.of(FieldError.of("delta", "must be at least " + (stock.reserved() - stock.onHand()) + " here")));
        }
        OnHandChange change = changeOnHand(organization, stock, delta, reason, null);
        StoredRecord adjustment = change.ledgerLine();
        outbox.add(InventoryAdjusted.of(adjustment.json(), change.stock().json()), productId, organization);
        return adjustment;
    }

    /**
     * Reserves every line of an order or none: lines of one product count together; a product's quantity
     * comes from its locations with the most available first (or only from {@code locationId} when the
     * order names one). Publishes {@code inventory.reserved}, or {@code inventory.reservation_rejected}
     * naming each short line. A redelivered event never gets here (the inbox skips it), and the
     * reservations' unique key refuses a second reservation of the same order.
     */
    public void reserve(String organization, String orderId, List<Line> lines, String locationId) {
        Map<String, Long> wanted = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            wanted.merge(lines.get(i).productId(), lines.get(i).quantity(), Long::sum);
            firstLine.putIfAbsent(lines.get(i).productId(), i);
        }
        List<Stock> stock = lockStock(organization, wanted.keySet(), locationId);
        List<Shortage> shortages = new ArrayList<>();
        for (Map.Entry<String, Long> product : wanted.entrySet()) {
            long available = stock.stream().filter(s -> s.productId().equals(product.getKey())).mapToLong(Stock::available).sum();
            if (available < product.getValue()) {
                shortages.add(new Shortage(firstLine.get(product.getKey()), product.getKey(), product.getValue(), available,
                        product.getValue() - available));
            }
        }
        if (!shortages.isEmpty()) {
            outbox.add(new InventoryReservationRejected(orderId, rejectionReason(shortages), shortages), orderId, organization);
            return;
        }
        List<HeldStock> reservations = new ArrayList<>();
        for (Map.Entry<String, Long> product : wanted.entrySet()) {
            long left = product.getValue();
            List<Stock> places = stock.stream().filter(s -> s.productId().equals(product.getKey()) && s.available() > 0)
                    .sorted((a, b) -> Long.compare(b.available(), a.available())).toList();
            for (Stock place : places) {
                if (left == 0) {
                    break;
                }
                long taken = Math.min(left, place.available());
                left -= taken;
                // the row is locked (lockStock), so its reserved as read is its reserved now
                records.update(Catalog.STOCK_LEVELS, organization, place.id(),
                        RecordValues.of(Catalog.STOCK_LEVELS).set("reserved", place.reserved() + taken));
                records.insert(Catalog.RESERVATIONS, organization, RecordValues.of(Catalog.RESERVATIONS)
                        .set("order_id", orderId).set("product_id", place.productId()).set("location_id", place.locationId())
                        .set("quantity", taken).set("status", "reserved"));
                reservations.add(new HeldStock(place.productId(), place.locationId(), taken));
            }
        }
        outbox.add(new InventoryReserved(orderId, reservations), orderId, organization);
    }

    /** Gives an order's reserved stock back (the order was cancelled); nothing to do if none is held. */
    public void release(String organization, String orderId) {
        settle(organization, orderId, "released", null, InventoryReleased::new);
    }

    /** Takes an order's reserved stock off the shelf (the order was fulfilled): on_hand and reserved both decrease. */
    public void commit(String organization, String orderId, String orderNumber) {
        settle(organization, orderId, "committed", "Order " + orderNumber + " fulfilled", InventoryCommitted::new);
    }

    private void settle(String organization, String orderId, String outcome, String ledgerReason,
            BiFunction<String, List<HeldStock>, InventoryEvent> event) {
        record Held(String id, String productId, String locationId, long quantity) {
        }
        List<Held> held = sql.list("SELECT id, product_id, location_id, quantity FROM inventory_reservations "
                + "WHERE org_id = ? AND order_id = ? AND status = 'reserved' ORDER BY product_id, location_id FOR UPDATE",
                row -> new Held(row.getString(1), row.getString(2), row.getString(3), row.getLong(4)), organization, orderId);
        if (held.isEmpty()) {
            return;
        }
        List<HeldStock> settled = new ArrayList<>();
        for (Held reservation : held) {
            Stock stock = sql.one("SELECT id, product_id, location_id, on_hand, reserved FROM stock_levels "
                    + "WHERE org_id = ? AND product_id = ? AND location_id = ? FOR UPDATE", Inventory::stock,
                    organization, reservation.productId(), reservation.locationId()).orElse(null);
            records.update(Catalog.RESERVATIONS, organization, reservation.id(),
                    RecordValues.of(Catalog.RESERVATIONS).set("status", outcome));
            settled.add(new HeldStock(reservation.productId(), reservation.locationId(), reservation.quantity()));
            if (stock == null) {
                continue; // the product or location was deleted since: nothing left to give back or take
            }
            records.update(Catalog.STOCK_LEVELS, organization, stock.id(),
                    RecordValues.of(Catalog.STOCK_LEVELS).set("reserved", stock.reserved() - reservation.quantity()));
            if (ledgerReason != null) {
                changeOnHand(organization, new Stock(stock.id(), stock.productId(), stock.locationId(), stock.onHand(),
                        stock.reserved() - reservation.quantity()), -reservation.quantity(), ledgerReason, orderId);
            }
        }
        outbox.add(event.apply(orderId, settled), orderId, organization);
    }

    /** Whether any order holds stock of the product or at the location (which may then not be deleted). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean isHeld(String organization, String column, String id) {
        return sql.one("SELECT 1 FROM inventory_reservations WHERE org_id = ? AND " + column + " = ? AND status = 'reserved' LIMIT 1",
                row -> 1, organization, id).isPresent();
    }

    /** A stock row after a change of on_hand, and the ledger line that tells it. */
    private record OnHandChange(StoredRecord stock, StoredRecord ledgerLine) {
    }

    /** Updates on_hand of a locked stock row and writes the ledger line. */
    private OnHandChange changeOnHand(String organization, Stock stock, long delta, String reason, String orderId) {
        long onHand = stock.onHand() + delta;
        StoredRecord changed = records.update(Catalog.STOCK_LEVELS, organization, stock.id(),
                RecordValues.of(Catalog.STOCK_LEVELS).set("on_hand", onHand)).orElseThrow();
        StoredRecord line = records.insert(Catalog.ADJUSTMENTS, organization, RecordValues.of(Catalog.ADJUSTMENTS)
                .set("product_id", stock.productId()).set("location_id", stock.locationId()).set("delta", delta)
                .set("reason", reason).set("order_id", orderId).set("on_hand_after", onHand));
        return new OnHandChange(changed, line);
    }

    private List<Stock> lockStock(String organization, Iterable<String> productIds, String locationId) {
        List<String> ids = new ArrayList<>();
        productIds.forEach(ids::add);
        String[] array = ids.toArray(String[]::new);
        return locationId == null
                ? sql.list("SELECT id, product_id, location_id, on_hand, reserved FROM stock_levels "
                        + "WHERE org_id = ? AND product_id = ANY (?) ORDER BY product_id, location_id FOR UPDATE",
                        Inventory::stock, organization, array)
                : sql.list("SELECT id, product_id, location_id, on_hand, reserved FROM stock_levels "
                        + "WHERE org_id = ? AND product_id = ANY (?) AND location_id = ? ORDER BY product_id, location_id FOR UPDATE",
                        Inventory::stock, organization, array, locationId);
    }

    private static String rejectionReason(List<Shortage> shortages) {
        List<String> parts = new ArrayList<>();
        for (Shortage shortage : shortages) {
            parts.add("line " + shortage.line() + " (product " + shortage.productId() + "): "
                    + shortage.requested() + " requested, " + shortage.available() + " available");
        }
        return "Not enough stock: " + String.join("; ", parts);
    }

    private static Stock stockOf(StoredRecord row) {
        return new Stock(row.id(), row.json().path("product_id").asText(), row.json().path("location_id").asText(),
                row.json().path("on_hand").asLong(), row.json().path("reserved").asLong());
    }

    private static Stock stock(ResultSet row) throws SQLException {
        return new Stock(row.getString(1), row.getString(2), row.getString(3), row.getLong(4), row.getLong(5));
    }
}

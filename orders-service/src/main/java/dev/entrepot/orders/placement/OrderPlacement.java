package dev.entrepot.orders.placement;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import dev.entrepot.orders.Orders;
import dev.entrepot.orders.client.CatalogLookups;
import dev.entrepot.orders.pricing.CatalogPrices;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.api.Caller;
import dev.entrepot.platform.api.FieldError;
import dev.entrepot.platform.api.Ids;
import dev.entrepot.platform.api.RecordInput;
import dev.entrepot.platform.api.RecordStore;
import dev.entrepot.platform.api.RecordValues;
import dev.entrepot.platform.api.StoredRecord;
import dev.entrepot.platform.persistence.Sql;
import dev.entrepot.platform.persistence.Transactions;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Places an order ({@code POST /orders}): validates the request (its fields, its lines, its customer),
 * prices its lines from this service's copy of the catalog's prices ({@link CatalogPrices}) or at the
 * catalog ({@link CatalogLookups}), which also checks its location, numbers it, writes
 * it as {@code pending} and publishes {@code entrepot.orders.order.placed.v1}. Numbering, the write and
 * the event are one transaction; validation and pricing come before it, so no connection is held while
 * the catalog answers.
 */
@ApplicationScoped
public class OrderPlacement {

    private final Sql sql;
    private final RecordStore records;
    private final CatalogLookups catalog;
    private final CatalogPrices prices;
    private final OrderBook book;

    OrderPlacement(Sql sql, RecordStore records, CatalogLookups catalog, CatalogPrices prices, OrderBook book) {
        this.sql = sql;
        this.records = records;
        this.catalog = catalog;
        this.prices = prices;
        this.book = book;
    }

    /** The order {@code request} describes, placed for {@code caller}'s organization; 422 naming every problem. */
    public StoredRecord place(JsonNode request, Caller caller) {
        String organization = caller.organization();
        // Checked and priced outside the caller's transaction, if there is one (an Idempotency-Key's), so
        // no connection is held while the catalog answers; written in it, so the key's answer commits with the order.
        Checked checked = Transactions.outside(() -> check(request, caller));
        return QuarkusTransaction.joiningExisting().call(() -> write(organization, checked.values(), checked.priced()));
    }

    /** An order request that passed every check, with its lines priced. */
    private record Checked(Map<String, Object> values, OrderRequest.Priced priced) {
    }

    private Checked check(JsonNode request, Caller caller) {
        String organization = caller.organization();
        List<FieldError> errors = new ArrayList<>();
        List<OrderRequest.Line> lines = OrderRequest.lines(request, errors);
        Map<String, Object> values = Map.of();
        try {
            values = RecordInput.valid(Orders.ORDERS, request);
        } catch (ApiException invalid) {
            errors.addAll(invalid.errors());
        }
        String customer = (String) values.get("customer_id");
        if (customer != null) {
            records.find(Orders.CUSTOMERS, organization, customer).ifPresentOrElse(found -> {
                if ("blocked".equals(found.json().path("status").asText())) {
                    errors.add(FieldError.of("customer_id", "Customer " + customer + " is blocked"));
                }
            }, () -> errors.add(FieldError.of("customer_id", "No customer with id " + customer)));
        }
        String location = (String) values.get("location_id");
        if (location != null && !Ids.isWellFormed(location)) {
            errors.add(FieldError.of("location_id", "No location with id " + location));
            location = null;
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        CatalogLookups.Found found = lookUp(organization, OrderRequest.productIds(lines), location, caller);
        OrderRequest.Priced priced = OrderRequest.price(lines, found.products(), (String) values.get("currency"), errors);
        if (location != null) {
            JsonNode stocked = found.location();
            if (stocked == null) {
                errors.add(FieldError.of("location_id", "No location with id " + location));
            } else if (!stocked.path("is_enabled").asBoolean(true)) {
                errors.add(FieldError.of("location_id", "Location " + location + " is disabled"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return new Checked(values, priced);
    }

    /**
     * The order's products and location as the catalog has them: from this service's copy of its prices
     * when it holds every product and no location is named, else asked of catalog-service over REST.
     */
    private CatalogLookups.Found lookUp(String organization, Set<String> productIds, String location, Caller caller) {
        if (location == null) {
            Map<String, JsonNode> held = prices.find(organization, productIds);
            if (held.size() == productIds.size()) {
                return new CatalogLookups.Found(held, null);
            }
        }
        return catalog.find(productIds, location, caller.authorization());
    }

    private StoredRecord write(String organization, Map<String, Object> values, OrderRequest.Priced priced) {
        BigDecimal shipping = (BigDecimal) values.get("shipping");
        BigDecimal discount = (BigDecimal) values.get("discount");
        BigDecimal total = priced.subtotal().add(shipping).subtract(discount);
        if (total.signum() < 0) {
            throw ApiException.validation("discount", "discount must not exceed the lines' subtotal plus shipping ("
                    + priced.subtotal().add(shipping).toPlainString() + ")");
        }
        RecordValues order = RecordValues.of(Orders.ORDERS).setAll(values).set("status", Lifecycle.PLACED)
                .set("lines", priced.lines()).set("quantity", priced.quantity()).set("subtotal", priced.subtotal())
                .set("total", total);
        // The number is the order's only unique field: a write that finds it taken writes nothing.
        String given = (String) values.get("number");
        Optional<StoredRecord> placed;
        if (given != null) {
            placed = records.insertUnlessTaken(Orders.ORDERS, organization, order);
            if (placed.isEmpty()) {
                throw numberTaken(given);
            }
        } else {
            do {
                placed = records.insertUnlessTaken(Orders.ORDERS, organization, order.set("number", nextNumber()));
            } while (placed.isEmpty()); // a caller gave an order this number: the next one
        }
        return book.publish(organization, placed.get(), "placed");
    }

    private static ApiException numberTaken(String number) {
        String message = "An order numbered " + number + " already exists";
        return new ApiException(409, "duplicate", message, List.of(FieldError.conflict("number", message)));
    }

    /**
     * ORD-000001, ORD-000002, ... from one sequence: unique and increasing in every organization, with
     * gaps (a per-organization counter would serialize an organization's placements).
     */
    private String nextNumber() {
        long next = sql.one("SELECT nextval('order_number_seq')", row -> row.getLong(1)).orElseThrow();
        String digits = Long.toString(next);
        return "ORD-" + "0".repeat(Math.max(0, 6 - digits.length())) + digits;
    }
}

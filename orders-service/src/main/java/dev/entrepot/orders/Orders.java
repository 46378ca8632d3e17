package dev.entrepot.orders;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.entrepot.platform.api.Checks;
import dev.entrepot.platform.api.EntityRegistry;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Field;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * orders-service's entities, declared once: the generic API (platform-api) serves each of them from
 * these fields. The tables behind them are in db/migration.
 */
public final class Orders {

    private static final Set<String> ADDRESS_KEYS = Set.of("label", "name", "phone", "line1", "line2", "city", "region",
            "postal_code", "country");

    /** Emails are unique per organization whatever their case (a unique index on lower(email)). */
    public static final EntityType CUSTOMERS = EntityType.of("customers", "customer", "customers",
            Field.text("name").required().maxLength(200).searchable(),
            Field.text("email").maxLength(254).unique().searchable().matching("[^@\\s]+@[^@\\s]+\\.[^@\\s]+", "must be an email address"),
            Field.text("phone").maxLength(32).searchable()
                    .matching("\\+?[0-9][0-9 ()-]{2,31}", "must be a phone number such as +966 50 123 4567"),
            Field.text("type").defaultsTo("regular").oneOf("regular", "vip", "wholesale"),
            Field.text("status").defaultsTo("active").oneOf("active", "blocked"),
            Field.textMapList("addresses").maxLength(200).check(Orders::addressesProblem));


    /**
     * Orders. The writable fields are what {@code POST /orders} takes besides its lines; an order is then
     * changed only by its lifecycle (see {@link dev.entrepot.orders.placement.OrderBook}).
     */
    public static final EntityType ORDERS = EntityType.of("orders", "order", "orders",
            Field.text("number").maxLength(32).unique().searchable()
                    .matching("[A-Za-z0-9][A-Za-z0-9_#/-]{0,31}", "must be 1 to 32 letters, digits and _ # / - (e.g. SALLA-10023)"),
            Field.reference("customer_id", () -> CUSTOMERS, "customer"),
            Field.text("source").defaultsTo("api").matching("[a-z0-9][a-z0-9_-]{0,31}", "must be a lowercase name such as web, salla or pos"),
            Field.text("status").readOnly().oneOf("pending", "confirmed", "rejected", "cancelled", "fulfilled", "delivered"),
            Field.text("reason").readOnly(),
            Field.text("currency").required().maxLength(3).check(Checks::currencyProblem),
            Field.text("location_id").maxLength(15),
            Field.json("lines").documentedBy("OrderLines").itemsCarryIntegrationsData(),
            Field.integer("quantity").readOnly(),
            Field.decimal("subtotal").readOnly(),
            Field.decimal("shipping").defaultsTo(BigDecimal.ZERO).check(Orders::negativeProblem),
            Field.decimal("discount").defaultsTo(BigDecimal.ZERO).check(Orders::negativeProblem),
            Field.decimal("total").readOnly(),
            Field.longText("notes").maxLength(2000));

    private Orders() {
    }

    private static String negativeProblem(Object value) {
        return ((BigDecimal) value).signum() < 0 ? "must not be negative" : null;
    }

    private static String addressesProblem(Object value) {
        List<?> addresses = (List<?>) value;
        for (int i = 0; i < addresses.size(); i++) {
            Map<?, ?> address = (Map<?, ?>) addresses.get(i);
            for (Object key : address.keySet()) {
                if (!ADDRESS_KEYS.contains(key)) {
                    return "address " + i + ": '" + key + "' is not one of " + String.join(", ", ADDRESS_KEYS.stream().sorted().toList());
                }
            }
            Object country = address.get("country");
            if (country != null && !Checks.isCountry(country)) {
                return "address " + i + ": country must be an ISO 3166-1 alpha-2 code such as SA";
            }
        }
        return null;
    }

    /** Every entity declared above, for the platform (which records refer to which). */
    @ApplicationScoped
    static class Registry {
        @Produces
        @jakarta.inject.Singleton
        EntityRegistry entities() {
            return EntityRegistry.declaredIn(Orders.class);
        }
    }
}

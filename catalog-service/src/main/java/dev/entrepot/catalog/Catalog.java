package dev.entrepot.catalog;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import dev.entrepot.platform.api.Checks;
import dev.entrepot.platform.api.EntityRegistry;
import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.api.Field;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/**
 * The catalog's entities, declared once: the generic API (platform-api) serves each of them from these
 * fields. The tables behind them are in db/migration.
 */
public final class Catalog {


    public static final EntityType BRANDS = EntityType.of("brands", "brand", "brands",
            Field.text("name").required().maxLength(200).searchable(),
            Field.text("slug").maxLength(100).unique().matching("[a-z0-9]+(?:-[a-z0-9]+)*", "must be lowercase words joined by '-'"),
            Field.bool("is_enabled").defaultsTo(true));

    public static final EntityType CATEGORIES = EntityType.of("categories", "category", "categories",
            Field.text("name_en").required().maxLength(200).searchable(),
            Field.text("name_ar").maxLength(200).searchable(),
            Field.reference("parent_id", () -> Catalog.CATEGORIES, "parent"));

    public static final EntityType PRODUCTS = EntityType.of("products", "product", "products",
            Field.text("sku").maxLength(64).unique().searchable(),
            Field.text("barcode").maxLength(64).searchable(),
            Field.text("name_en").required().maxLength(500).searchable(),
            Field.text("name_ar").maxLength(500).searchable(),
            Field.longText("description_en").searchable(),
            Field.longText("description_ar").searchable(),
            Field.reference("brand_id", () -> BRANDS, "brand"),
            Field.references("category_ids", () -> CATEGORIES, "categories").maxItems(50),
            Field.decimal("price").check(value -> ((BigDecimal) value).signum() < 0 ? "must not be negative" : null),
            Field.text("currency").maxLength(3).check(Checks::currencyProblem),
            Field.bool("is_enabled").defaultsTo(true),
            Field.textMap("attributes").maxLength(1000),
            Field.textList("images").maxItems(50).maxLength(2048).check(Catalog::imagesProblem));

    public static final EntityType LOCATIONS = EntityType.of("locations", "location", "locations",
            Field.text("name").required().maxLength(200).searchable(),
            Field.text("code").maxLength(50).unique().searchable(),
            Field.text("type").defaultsTo("warehouse").oneOf("warehouse", "store"),
            Field.text("address_line1").maxLength(200),
            Field.text("address_line2").maxLength(200),
            Field.text("city").maxLength(100).searchable(),
            Field.text("region").maxLength(100),
            Field.text("postal_code").maxLength(20),
            Field.text("country").maxLength(2)
                    .check(value -> Checks.isCountry(value) ? null : "must be an ISO 3166-1 alpha-2 code such as SA"),
            Field.bool("is_enabled").defaultsTo(true));

    /** Stock of a product at a location; written only by adjustments and reservations (read-only API). */
    public static final EntityType STOCK_LEVELS = EntityType.of("inventory", "stock level", "stock_levels",
            Field.reference("product_id", () -> PRODUCTS, "product").readOnly(),
            Field.reference("location_id", () -> LOCATIONS, "location").readOnly(),
            Field.integer("on_hand").readOnly(),
            Field.integer("reserved").readOnly(),
            Field.integer("available").readOnly());

    /**
     * The ledger of every change to on_hand: adjustments made through the API (its writable fields are
     * what {@code POST /inventory/adjustments} takes), and fulfilled orders.
     */
    public static final EntityType ADJUSTMENTS = EntityType.of("adjustments", "adjustment", "inventory_adjustments",
            Field.text("product_id").required().maxLength(15), // not a reference: the ledger outlives its product
            Field.text("location_id").required().maxLength(15),
            Field.integer("delta").required().check(value -> (Long) value == 0 || Math.abs((Long) value) > 1_000_000_000L
                    ? "must be a whole number from -1000000000 to 1000000000, not 0" : null),
            Field.text("reason").required().maxLength(500),
            Field.text("order_id").readOnly(),
            Field.integer("on_hand_after").readOnly());

    /** Stock held for orders: reserved when an order is placed, then released or committed. */
    public static final EntityType RESERVATIONS = EntityType.of("reservations", "reservation", "inventory_reservations",
            Field.text("order_id").readOnly(),
            Field.text("product_id").readOnly(),
            Field.text("location_id").readOnly(),
            Field.integer("quantity").readOnly(),
            Field.text("status").readOnly());

    private Catalog() {
    }

    private static String imagesProblem(Object value) {
        for (Object image : (List<?>) value) {
            try {
                URI uri = new URI((String) image);
                if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                    return "must be a list of http(s) URLs; '" + image + "' is not";
                }
            } catch (URISyntaxException e) {
                return "must be a list of http(s) URLs; '" + image + "' is not";
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
            return EntityRegistry.declaredIn(Catalog.class);
        }
    }
}

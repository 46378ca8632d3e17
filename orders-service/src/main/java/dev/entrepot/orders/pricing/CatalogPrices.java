package dev.entrepot.orders.pricing;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.contracts.RecordEventNames;
import dev.entrepot.platform.contracts.RecordEventNames.Change;
import dev.entrepot.platform.contracts.Topics;
import dev.entrepot.platform.events.ReceivedEvent;
import dev.entrepot.platform.persistence.Sql;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The catalog's products as orders-service prices an order from them (docs/orders.md, docs/architecture.md "How an order travels"): the
 * price, currency, sku, name and is_enabled of each, in {@code catalog_prices}, kept from catalog-service's
 * record events on {@value Topics#PRODUCTS}. Each row keeps its product's {@code updated}, and an event
 * older than the row changes nothing (a deleted product stays as a row marked deleted), so an event read
 * again after a restart, or applied late by a replica that just lost its partition, never brings an older
 * state back. A copy, not an authority:
 * placement asks catalog-service over REST for an order with a product not held here (one created a
 * moment ago, or before this copy began), so a product is never refused for being missing here.
 */
@ApplicationScoped
public class CatalogPrices {

    private static final Logger LOG = Logger.getLogger(CatalogPrices.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);
    private static final String CATALOG = "catalog";
    private static final String PRODUCT = "product";
    private static final String CREATED = RecordEventNames.type(CATALOG, PRODUCT, Change.CREATED);
    private static final String UPDATED = RecordEventNames.type(CATALOG, PRODUCT, Change.UPDATED);
    private static final String DELETED = RecordEventNames.type(CATALOG, PRODUCT, Change.DELETED);

    private final Sql sql;

    CatalogPrices(Sql sql) {
        this.sql = sql;
    }

    /** The products among {@code ids} held here for the organization, by id, with the fields the catalog's API names them by. */
    public Map<String, JsonNode> find(String organization, Collection<String> ids) {
        Map<String, JsonNode> products = new HashMap<>();
        sql.list("SELECT id, sku, name_en, price, currency, is_enabled FROM catalog_prices WHERE org_id = ? AND id = ANY (?) AND NOT deleted",
                row -> {
                    ObjectNode product = JSON.objectNode().put("id", row.getString(1)).put("sku", row.getString(2))
                            .put("name_en", row.getString(3)).put("price", plain(row.getBigDecimal(4))).put("currency", row.getString(5))
                            .put("is_enabled", row.getBoolean(6));
                    return products.put(product.path("id").asText(), product);
                }, organization, ids.toArray(String[]::new));
        return products;
    }

    /** A price as the catalog's API writes it: 120.5, not 120.5000. */
    private static BigDecimal plain(BigDecimal price) {
        if (price == null) {
            return null;
        }
        BigDecimal stripped = price.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /**
     * A record event of {@value Topics#PRODUCTS}: a product created or updated is held as it now is, one
     * deleted no longer, unless the copy already holds a later state of it.
     */
    @Incoming(Topics.PRODUCTS)
    @Blocking
    @Transactional
    public void receive(String value) {
        ReceivedEvent event;
        try {
            event = ReceivedEvent.parse(value);
        } catch (ReceivedEvent.MalformedEvent malformed) {
            LOG.warnf("A %s message that is not a record event was passed over: %s", Topics.PRODUCTS, malformed.getMessage());
            return;
        }
        JsonNode product = event.data();
        String id = product.path("id").asText("");
        String updated = product.path("updated").asText("");
        boolean deleted = event.type().equals(DELETED);
        if (event.organization() == null || id.isEmpty() || updated.isEmpty()
                || !deleted && !event.type().equals(CREATED) && !event.type().equals(UPDATED)) {
            return;
        }
        // A deletion carries the record as it was, so its time is its last update's: it wins a tie.
        JsonNode price = product.path("price");
        sql.update("INSERT INTO catalog_prices (org_id, id, updated, deleted, sku, name_en, price, currency, is_enabled) "
                + "VALUES (?, ?, ?::timestamptz, ?, ?::text, ?::text, ?::numeric, ?::text, ?) ON CONFLICT (org_id, id) DO UPDATE SET "
                + "updated = excluded.updated, deleted = excluded.deleted, sku = excluded.sku, name_en = excluded.name_en, "
                + "price = excluded.price, currency = excluded.currency, is_enabled = excluded.is_enabled "
                + "WHERE catalog_prices.updated < excluded.updated OR (excluded.deleted AND catalog_prices.updated = excluded.updated)",
                event.organization(), id, updated, deleted, product.path("sku").asText(null), product.path("name_en").asText(null),
                price.isNumber() ? price.decimalValue() : (BigDecimal) null, product.path("currency").asText(null),
                product.path("is_enabled").asBoolean(true));
    }
}

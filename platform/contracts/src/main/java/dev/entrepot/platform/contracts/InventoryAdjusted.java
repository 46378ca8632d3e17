package dev.entrepot.platform.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@value #TYPE}: a line of the stock ledger as {@code GET /api/v1/inventory/adjustments/{id}} shows it
 * (its other fields, such as {@code id}, {@code reason} and {@code order_id}, in {@code fields}), with
 * {@code stock}, the stock level after it.
 */
public record InventoryAdjusted(@JsonProperty("product_id") String productId, @JsonProperty("location_id") String locationId,
        long delta, @JsonProperty("on_hand_after") long onHandAfter, JsonNode stock,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> fields) implements InventoryEvent {

    public static final String TYPE = "entrepot.catalog.inventory.adjusted.v1";

    public InventoryAdjusted {
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The event of a ledger line and the stock level after it, both as the API shows them. */
    public static InventoryAdjusted of(ObjectNode adjustment, ObjectNode stock) {
        ObjectNode data = adjustment.deepCopy();
        data.set("stock", stock);
        return EventJson.fromTree(data, InventoryAdjusted.class);
    }

    @Override
    public String type() {
        return TYPE;
    }
}

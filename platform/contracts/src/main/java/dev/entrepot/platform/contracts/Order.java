package dev.entrepot.platform.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An order as {@code GET /api/v1/orders/{id}} shows it: the {@code data} of every {@link OrderEvent}.
 * The saga reads the fields typed here; every other field of the order ({@code status}, the money, a
 * line's price, ...) is carried in {@code fields} as it was, so the event is the whole order.
 */
public record Order(String id, String number, @JsonProperty("location_id") String locationId, List<Line> lines,
        @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> fields) {

    public Order {
        lines = lines == null ? List.of() : List.copyOf(lines);
        fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The order of the API's JSON. */
    public static Order of(ObjectNode json) {
        return EventJson.fromTree(json, Order.class);
    }

    /** The order's number, or its id for an order without one. */
    public String numberOrId() {
        return number == null ? id : number;
    }

    /** An order line: the product and how many; its price and the rest in {@code fields}. */
    public record Line(@JsonProperty("product_id") String productId, long quantity,
            @JsonAnySetter @JsonAnyGetter Map<String, JsonNode> fields) {

        public Line {
            fields = fields == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }

        public Line(String productId, long quantity) {
            this(productId, quantity, Map.of());
        }
    }
}

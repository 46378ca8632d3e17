package dev.entrepot.platform.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@value #TYPE}: not enough stock for an order; nothing of it is reserved. {@code reason} names each
 * short line, {@code shortages} has them one by one.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryReservationRejected(@JsonProperty("order_id") String orderId, String reason, List<Shortage> shortages)
        implements InventoryEvent {

    public static final String TYPE = "entrepot.catalog.inventory.reservation_rejected.v1";

    public InventoryReservationRejected {
        shortages = shortages == null ? List.of() : List.copyOf(shortages);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * One product the order wants more of than is available: {@code line} is the index of its first
     * order line, {@code requested} all its lines together.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Shortage(int line, @JsonProperty("product_id") String productId, long requested, long available,
            @JsonProperty("short") long missing) {
    }
}

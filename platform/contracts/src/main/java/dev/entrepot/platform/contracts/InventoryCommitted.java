package dev.entrepot.platform.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@value #TYPE}: A fulfilled order's stock taken off on_hand (and out of reserved). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryCommitted(@JsonProperty("order_id") String orderId, List<HeldStock> reservations) implements InventoryEvent {

    public static final String TYPE = "entrepot.catalog.inventory.committed.v1";

    public InventoryCommitted {
        reservations = reservations == null ? List.of() : List.copyOf(reservations);
    }

    @Override
    public String type() {
        return TYPE;
    }
}

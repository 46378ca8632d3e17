package dev.entrepot.platform.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@value #TYPE}: A cancelled order's stock given back. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryReleased(@JsonProperty("order_id") String orderId, List<HeldStock> reservations) implements InventoryEvent {

    public static final String TYPE = "entrepot.catalog.inventory.released.v1";

    public InventoryReleased {
        reservations = reservations == null ? List.of() : List.copyOf(reservations);
    }

    @Override
    public String type() {
        return TYPE;
    }
}

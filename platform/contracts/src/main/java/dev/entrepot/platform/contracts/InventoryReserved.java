package dev.entrepot.platform.contracts;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** {@value #TYPE}: Every line of an order is reserved; {@code reservations} says where. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InventoryReserved(@JsonProperty("order_id") String orderId, List<HeldStock> reservations) implements InventoryEvent {

    public static final String TYPE = "entrepot.catalog.inventory.reserved.v1";

    public InventoryReserved {
        reservations = reservations == null ? List.of() : List.copyOf(reservations);
    }

    @Override
    public String type() {
        return TYPE;
    }
}

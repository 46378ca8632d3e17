package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@value #TYPE}: Cancelled by its organization; a reservation is released. */
public record OrderCancelled(@JsonValue Order order) implements OrderEvent {

    public static final String TYPE = "entrepot.orders.order.cancelled.v1";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderCancelled {
    }

    @Override
    public String type() {
        return TYPE;
    }
}

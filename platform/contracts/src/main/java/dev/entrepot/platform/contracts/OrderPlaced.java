package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@value #TYPE}: A new order, pending. */
public record OrderPlaced(@JsonValue Order order) implements OrderEvent {

    public static final String TYPE = "entrepot.orders.order.placed.v1";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderPlaced {
    }

    @Override
    public String type() {
        return TYPE;
    }
}

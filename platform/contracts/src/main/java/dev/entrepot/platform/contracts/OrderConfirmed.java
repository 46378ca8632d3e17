package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@value #TYPE}: Its stock is reserved. */
public record OrderConfirmed(@JsonValue Order order) implements OrderEvent {

    public static final String TYPE = "entrepot.orders.order.confirmed.v1";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderConfirmed {
    }

    @Override
    public String type() {
        return TYPE;
    }
}

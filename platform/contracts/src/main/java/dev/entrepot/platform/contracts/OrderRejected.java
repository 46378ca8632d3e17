package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@value #TYPE}: Not enough stock; the order's {@code reason} says which line. */
public record OrderRejected(@JsonValue Order order) implements OrderEvent {

    public static final String TYPE = "entrepot.orders.order.rejected.v1";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderRejected {
    }

    @Override
    public String type() {
        return TYPE;
    }
}

package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@value #TYPE}: Shipped; its reserved stock is taken off on_hand. */
public record OrderFulfilled(@JsonValue Order order) implements OrderEvent {

    public static final String TYPE = "entrepot.orders.order.fulfilled.v1";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderFulfilled {
    }

    @Override
    public String type() {
        return TYPE;
    }
}

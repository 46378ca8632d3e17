package dev.entrepot.platform.contracts;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** {@value #TYPE}: Delivered to the customer. */
public record OrderDelivered(@JsonValue Order order) implements OrderEvent {

    public static final String TYPE = "entrepot.orders.order.delivered.v1";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public OrderDelivered {
    }

    @Override
    public String type() {
        return TYPE;
    }
}

package dev.entrepot.orders;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.entrepot.orders.placement.Lifecycle;
import dev.entrepot.platform.contracts.Topics;
import dev.entrepot.platform.testing.AsyncApiDocument;

/** docs/asyncapi.yaml documents every topic orders-service publishes and each of its event types. */
class AsyncApiTest {

    @Test
    void everyEntitysTopicAndEventsAreDocumented() {
        AsyncApiDocument.read().assertRecordEventsDocumented("orders", Orders.CUSTOMERS.name(), Orders.CUSTOMERS.singular());
    }

    @Test
    void everyStepOfTheOrderLifecycleIsDocumented() {
        List<String> types = new ArrayList<>(List.of("entrepot.orders.order.placed.v1"));
        for (Lifecycle step : Lifecycle.values()) {
            types.add("entrepot.orders.order." + step.target() + ".v1");
        }
        AsyncApiDocument.read().assertEventsDocumented(Topics.ORDERS, types);
    }
}

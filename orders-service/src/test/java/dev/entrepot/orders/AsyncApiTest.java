package dev.entrepot.orders;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.AsyncApiDocument;

/** docs/asyncapi.yaml documents the topic and the three event types of every orders-service entity. */
class AsyncApiTest {

    @Test
    void everyEntitysTopicAndEventsAreDocumented() {
        AsyncApiDocument.read().assertRecordEventsDocumented("orders", Orders.CUSTOMERS.name(), Orders.CUSTOMERS.singular());
    }
}

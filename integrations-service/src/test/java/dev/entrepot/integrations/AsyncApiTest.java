package dev.entrepot.integrations;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.entrepot.integrations.connect.ConnectionEvents;
import dev.entrepot.platform.integrationdata.contract.IntegrationDataContract;
import dev.entrepot.platform.testing.AsyncApiDocument;

/** docs/asyncapi.yaml documents the topics integrations-service publishes. */
class AsyncApiTest {

    @Test
    void theIntegrationDataTopicAndItsEventIsDocumented() {
        AsyncApiDocument.read().assertEventsDocumented(IntegrationDataContract.TOPIC, List.of(IntegrationDataContract.CHANGED));
    }

    @Test
    void theConnectionsTopicAndItsEventsAreDocumented() {
        AsyncApiDocument.read().assertEventsDocumented(ConnectionEvents.TOPIC, List.of("created", "refreshed", "invalidated", "deleted")
                .stream().map(happened -> "entrepot.integrations.connection." + happened + ".v1").toList());
    }
}

package dev.entrepot.integrations;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.entrepot.integrations.data.IntegrationData;
import dev.entrepot.platform.testing.AsyncApiDocument;

/** docs/asyncapi.yaml documents the topic integrations-service publishes. */
class AsyncApiTest {

    @Test
    void theIntegrationDataTopicAndItsEventIsDocumented() {
        AsyncApiDocument.read().assertEventsDocumented(IntegrationData.TOPIC, List.of(IntegrationData.CHANGED));
    }
}

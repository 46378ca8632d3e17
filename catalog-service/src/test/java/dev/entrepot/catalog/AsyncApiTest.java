package dev.entrepot.catalog;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.contracts.Topics;
import dev.entrepot.platform.testing.AsyncApiDocument;

/** docs/asyncapi.yaml documents every topic the catalog publishes and each of its event types. */
class AsyncApiTest {

    @Test
    void everyCatalogEntitysTopicAndEventsAreDocumented() {
        AsyncApiDocument document = AsyncApiDocument.read();
        for (EntityType entity : List.of(Catalog.BRANDS, Catalog.CATEGORIES, Catalog.PRODUCTS, Catalog.LOCATIONS)) {
            document.assertRecordEventsDocumented("catalog", entity.name(), entity.singular());
        }
    }

    @Test
    void theInventoryTopicAndItsEventsAreDocumented() {
        AsyncApiDocument.read().assertEventsDocumented(Topics.INVENTORY, List.of("adjusted", "reserved", "reservation_rejected",
                "released", "committed").stream().map(happened -> "entrepot.catalog.inventory." + happened + ".v1").toList());
    }
}

package dev.entrepot.catalog;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.api.EntityType;
import dev.entrepot.platform.testing.AsyncApiDocument;

/** docs/asyncapi.yaml documents the topic and the three event types of every catalog entity. */
class AsyncApiTest {

    @Test
    void everyCatalogEntitysTopicAndEventsAreDocumented() {
        AsyncApiDocument document = AsyncApiDocument.read();
        for (EntityType entity : List.of(Catalog.BRANDS, Catalog.CATEGORIES, Catalog.PRODUCTS, Catalog.LOCATIONS)) {
            document.assertRecordEventsDocumented("catalog", entity.name(), entity.singular());
        }
    }
}

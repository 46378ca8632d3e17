package dev.entrepot.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.api.EntityType;

/** docs/asyncapi.yaml documents the topic and the three event types of every catalog entity. */
class AsyncApiTest {

    @Test
    void everyCatalogEntitysTopicAndEventsAreDocumented() throws Exception {
        String document = Files.readString(Path.of("..", "docs", "asyncapi.yaml"));
        for (EntityType entity : List.of(Catalog.BRANDS, Catalog.CATEGORIES, Catalog.PRODUCTS, Catalog.LOCATIONS)) {
            assertThat(document).contains("address: catalog." + entity.name() + "\n");
            for (String happened : List.of("created", "updated", "deleted")) {
                assertThat(document).contains("name: entrepot.catalog." + entity.singular() + "." + happened + ".v1,");
            }
        }
    }
}

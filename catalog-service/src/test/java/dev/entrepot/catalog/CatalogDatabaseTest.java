package dev.entrepot.catalog;

import java.util.List;

import dev.entrepot.platform.testing.DatabaseContractTest;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "catalog")
class CatalogDatabaseTest extends DatabaseContractTest {

    @Override
    protected List<String> expectedTables() {
        return List.of("event_outbox", "brands", "categories", "products", "locations", "record_counts",
                "idempotency_keys");
    }
}

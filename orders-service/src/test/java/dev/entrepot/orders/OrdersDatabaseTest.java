package dev.entrepot.orders;

import java.util.List;

import dev.entrepot.platform.testing.DatabaseContractTest;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "orders")
class OrdersDatabaseTest extends DatabaseContractTest {

    @Override
    protected List<String> expectedTables() {
        return List.of("event_outbox", "event_inbox", "customers", "record_counts", "idempotency_keys");
    }
}

package dev.entrepot.integrations;

import java.util.List;

import dev.entrepot.platform.testing.DatabaseContractTest;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "integrations")
class IntegrationsDatabaseTest extends DatabaseContractTest {

    @Override
    protected List<String> expectedTables() {
        return List.of("event_outbox", "event_inbox", "integration_data", "integrations", "connectors", "configurations", "connections");
    }
}

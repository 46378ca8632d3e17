package dev.entrepot.identity;

import java.util.List;

import dev.entrepot.platform.testing.DatabaseContractTest;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "identity")
class IdentityDatabaseTest extends DatabaseContractTest {

    @Override
    protected List<String> expectedTables() {
        return List.of("event_outbox", "organizations", "users", "sessions", "access_tokens", "integrations", "api_keys",
                "departments", "department_members", "signing_keys", "record_counts", "idempotency_keys");
    }
}

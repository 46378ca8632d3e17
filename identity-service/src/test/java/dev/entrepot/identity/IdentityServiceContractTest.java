package dev.entrepot.identity;

import java.util.List;

import dev.entrepot.platform.testing.RealInfrastructure;
import dev.entrepot.platform.testing.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure(database = "identity")
class IdentityServiceContractTest extends ServiceContractTest {

    @Override
    protected List<String> readinessChecks() {
        return List.of(DATABASE_CHECK, KAFKA_CHECK, REDIS_CHECK);
    }

    @Override
    protected String routeWithAnId() {
        return "/api/v1/users/{id}";
    }
}

package dev.entrepot.gateway;

import java.util.List;

import dev.entrepot.platform.testing.RealInfrastructure;
import dev.entrepot.platform.testing.ServiceContractTest;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure
class GatewayServiceContractTest extends ServiceContractTest {

    @Override
    protected List<String> readinessChecks() {
        return List.of(KAFKA_CHECK, RateLimitReadiness.NAME);
    }
}

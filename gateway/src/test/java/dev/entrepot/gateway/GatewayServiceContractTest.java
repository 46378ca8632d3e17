package dev.entrepot.gateway;

import java.util.List;

import dev.entrepot.platform.testing.RealInfrastructure;
import dev.entrepot.platform.testing.ServiceContractTest;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@RealInfrastructure
@WithTestResource(ServicesStub.class)
class GatewayServiceContractTest extends ServiceContractTest {

    @Override
    protected List<String> readinessChecks() {
        return List.of(KAFKA_CHECK, RateLimitReadiness.NAME);
    }

    /** The gateway names a request by its route: the resource, and {path} for whatever follows it. */
    @Override
    protected String routeWithAnId() {
        return "/api/v1/brands/{path}";
    }

    @Override
    protected boolean openApiOnManagementInterface() {
        return true;
    }
}

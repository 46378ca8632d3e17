package dev.entrepot.platform.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What every Entrepôt application must answer, checked over real HTTP against a running instance:
 * liveness, readiness with each of its dependencies, the OpenAPI document and Prometheus metrics.
 * A service's test class extends it, adds {@code @QuarkusTest} and {@link RealInfrastructure}, and
 * names the readiness checks it must report.
 */
public abstract class ServiceContractTest {

    public static final String DATABASE_CHECK = "Database connections health check";
    public static final String KAFKA_CHECK = "Kafka connection health check";
    public static final String REDIS_CHECK = "Redis connection health check";

    /** The readiness checks this service reports, by name; each must be UP. */
    protected abstract List<String> readinessChecks();

    @Test
    void readinessReportsEveryDependencyUp() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItems(readinessChecks().toArray(String[]::new)))
                .body("checks.status", everyItem(is("UP")));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
    }

    @Test
    void publishesPrometheusMetrics() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("process_uptime_seconds"));
    }
}

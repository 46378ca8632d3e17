package dev.entrepot.platform.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.net.URL;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * What every Entrepôt application must answer, checked over real HTTP against a running instance:
 * liveness, readiness with each of its dependencies, the OpenAPI document, and Prometheus metrics on the
 * management interface only, tagged by route template. A service's test class extends it, adds
 * {@code @QuarkusTest} and {@link RealInfrastructure}, and names the readiness checks it must report and
 * one of its routes with an id in it.
 */
public abstract class ServiceContractTest {

    public static final String DATABASE_CHECK = "Database connections health check";
    public static final String KAFKA_CHECK = "Kafka connection health check";
    public static final String REDIS_CHECK = "Redis connection health check";

    /** The readiness checks this service reports, by name; each must be UP. */
    protected abstract List<String> readinessChecks();

    /**
     * A route of this app as its metrics name it, with one {@code {…}} segment standing for an id, e.g.
     * {@code /api/v1/brands/{id}}; it is called without a credential.
     */
    protected abstract String routeWithAnId();

    /** Where OpenAPI is served: {@code /q/openapi} on the HTTP port, unless the app moves it to the management interface. */
    protected boolean openApiOnManagementInterface() {
        return false;
    }

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @TestHTTPResource(value = "/openapi", management = true)
    URL managementOpenApi;

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
        if (openApiOnManagementInterface()) {
            given().queryParam("format", "json").when().get(managementOpenApi)
                    .then().statusCode(200)
                    .body("openapi", startsWith("3."));
            given().when().get("/q/openapi").then().statusCode(404);
        } else {
            given().queryParam("format", "json").when().get("/q/openapi")
                    .then().statusCode(200)
                    .body("openapi", startsWith("3."));
        }
    }

    @Test
    void publishesPrometheusMetricsOnTheManagementInterfaceOnly() {
        given().when().get(metrics)
                .then().statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("process_uptime_seconds"));
        given().when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void httpMetricsNameRouteTemplatesNeverRawPaths() throws InterruptedException {
        String id = "zz" + UUID.randomUUID().toString().replace("-", "").substring(0, 13);
        String route = routeWithAnId();
        assertThat(route).as("a route with one {…} segment").matches(".*/\\{[a-z_]+\\}.*");
        given().when().get(route.replaceFirst("\\{[a-z_]+\\}", id)).then().statusCode(greaterThanOrEqualTo(400));
        String unrouted = "/api/v1/" + id + "-nowhere/" + id;
        given().when().get(unrouted).then().statusCode(greaterThanOrEqualTo(400));

        // The meter is written as the answer ends, which may be just after the client has it.
        String tag = "uri=\"" + route + "\"";
        String scraped = "";
        for (int attempt = 0; attempt < 50 && !scraped.contains(tag); attempt++) {
            Thread.sleep(100);
            scraped = given().when().get(metrics).then().statusCode(200).extract().asString();
        }
        assertThat(scraped).as("http_server_requests tagged by the route").contains(tag).doesNotContain(id);
    }
}

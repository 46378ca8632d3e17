package dev.entrepot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.net.URL;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Of {@code /q}, only health is on the public port; metrics name routes, never the ids in a path. */
@QuarkusTest
@RealInfrastructure
@WithTestResource(ServicesStub.class)
class ManagementInterfaceTest {

    @TestHTTPResource(value = "/metrics", management = true)
    URL metrics;

    @ParameterizedTest
    @ValueSource(strings = { "/q/metrics", "/q/openapi", "/q/info", "/q/swagger-ui", "/q/dev-ui", "/q/health/group/x", "/q/" })
    void nothingOfQButHealthIsPublic(String path) {
        given().get(path).then().statusCode(404).body("error_code", equalTo("not_found")).body("endpoint", equalTo(path));
    }

    @Test
    void theProbesStillFindHealthWhereTheyLook() {
        for (String path : new String[] { "/q/health/live", "/q/health/ready", "/q/health/started", "/q/health" }) {
            given().get(path).then().statusCode(200).body("status", equalTo("UP"));
        }
    }

    @Test
    void aForwardedRequestIsMeasuredUnderItsRouteWithoutItsIdsOrQuery() throws InterruptedException {
        String key = "Bearer metrics-" + UUID.randomUUID();
        ServicesStub.accept(key, "org-metrics", "usr-metrics");
        String id = "id" + UUID.randomUUID().toString().replace("-", "").substring(0, 13);
        String filter = "f" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        given().header("Authorization", key).get("/api/v1/products/" + id + "?sku=" + filter).then().statusCode(200);
        given().header("Authorization", key).get("/api/v1/products.csv?sku=" + filter).then().statusCode(200);

        String route = "uri=\"/api/v1/products/{path}\"";
        String scraped = "";
        for (int attempt = 0; attempt < 50 && !scraped.contains(route); attempt++) {
            Thread.sleep(100);
            scraped = given().get(metrics).then().statusCode(200).extract().asString();
        }
        assertThat(scraped).contains(route).contains("uri=\"/api/v1/products\"").doesNotContain(id).doesNotContain(filter);
    }
}

package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.GatewayIT.Shop;
import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * Integration data end to end, every service a process: an API key writes an outside id through the
 * gateway and catalog-service into integrations-service, another client finds the product by it, and
 * deleting the integration purges the data from the product (identity.integrations → integrations-service
 * → integrations.data → catalog-service's replica).
 */
class IntegrationDataIT extends SuiteTest {

    private static final String GATEWAY = App.GATEWAY.baseUri().toString();

    private static RequestSpecification as(String authorization) {
        return given().baseUri(GATEWAY).header("Authorization", authorization).contentType(ContentType.JSON);
    }

    @Test
    void anOutsideIdIsWrittenFoundByAnotherClientAndPurgedWithItsIntegration() {
        Shop shop = GatewayIT.signUp();
        String session = "Bearer " + shop.session();
        as(session).body(Map.of("allow_write_data", true)).patch("/api/v1/integrations/" + shop.integrationId())
                .then().statusCode(200);
        String product = as(session).body(Map.of("sku", "IT-1", "name_en", "Kettle")).post("/api/v1/products")
                .then().statusCode(201).extract().path("data.id");

        as(shop.key()).body(Map.of("integrationsData.erp.external_id", "A-17")).patch("/api/v1/products/" + product)
                .then().statusCode(200).body("data.integrationsData.erp.external_id", equalTo("A-17"));
        as(shop.key()).body(Map.of("integrationsData", Map.of("shop", Map.of("id", "9")))).patch("/api/v1/products/" + product)
                .then().statusCode(403).body("error_code", equalTo("forbidden_namespace"));
        as(session).body(Map.of("integrationsData.shop.id", "9")).patch("/api/v1/products/" + product)
                .then().statusCode(403).body("error_code", equalTo("elevation_required"));
        as(session).queryParam("elevation", "admin").body(Map.of("integrationsData.shop.id", "9"))
                .patch("/api/v1/products/" + product).then().statusCode(200)
                .body("data.integrationsData", equalTo(Map.of("erp", Map.of("external_id", "A-17"), "shop", Map.of("id", "9"))));

        as(session).queryParam("integrationsData.erp.external_id", "A-17").get("/api/v1/products").then().statusCode(200)
                .body("data.id", equalTo(List.of(product)));
        as(GatewayIT.signUp().key()).queryParam("integrationsData.erp.external_id", "A-17").get("/api/v1/products")
                .then().statusCode(200).body("data", hasSize(0));

        as(session).delete("/api/v1/integrations/" + shop.integrationId()).then().statusCode(204);
        // Its keys end as soon as the gateway reads identity's event (docs/gateway.md, Credentials).
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(shop.key()).get("/api/v1/products/" + product)
                .then().statusCode(401));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(session).get("/api/v1/products/" + product)
                .then().body("data.integrationsData", equalTo(Map.of("shop", Map.of("id", "9")))));
        as(session).queryParam("integrationsData.erp.external_id", "A-17").get("/api/v1/products").then().body("data", hasSize(0));
    }
}

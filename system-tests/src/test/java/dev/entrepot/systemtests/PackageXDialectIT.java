package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.isA;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.GatewayIT.Shop;
import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * PackageX's clients (seed 002, docs/dialects.md) unchanged but for the host: the requests its document
 * shows, {@code /v1/locations} and {@code /v1/locations/:location} by GET and POST (a POST to the singular
 * updates), {@code ?page=2&limit=50}, and each answer read field by field as its response model says.
 */
class PackageXDialectIT extends SuiteTest {

    private static final String GATEWAY = App.GATEWAY.baseUri().toString();

    private static RequestSpecification as(String key) {
        return given().baseUri(GATEWAY).header("Authorization", key).contentType(ContentType.JSON);
    }

    @Test
    void theDocumentsRequestsWorkAsItsResponseModelSays() {
        String key = GatewayIT.signUp().key();

        String location = as(key).body(Map.of("name", "Main warehouse")).post("/v1/locations").then().statusCode(201)
                .body("status", equalTo(201)).body("message", isA(String.class)).body("data.name", equalTo("Main warehouse"))
                .body("errors", empty()).body("error_code", nullValue()).body("endpoint", equalTo("/v1/locations"))
                .extract().path("data.id");

        // "a POST to /v1/locations/:location will update that specific location"
        as(key).body(Map.of("name", "North warehouse")).post("/v1/locations/" + location).then().statusCode(200)
                .body("status", equalTo(200)).body("data.id", equalTo(location)).body("data.name", equalTo("North warehouse"))
                .body("endpoint", equalTo("/v1/locations/" + location));
        as(key).get("/v1/locations/" + location).then().statusCode(200)
                .body("data", instanceOf(Map.class)).body("data.name", equalTo("North warehouse"))
                .body("errors", empty()).body("endpoint", equalTo("/v1/locations/" + location));

        as(key).body(Map.of("name", "South warehouse")).post("/v1/locations").then().statusCode(201);
        as(key).body(Map.of("name", "East warehouse")).post("/v1/locations").then().statusCode(201);
        as(key).get("/v1/locations?page=1&limit=2").then().statusCode(200)
                .body("data", hasSize(2)).body("pagination.limit", equalTo(2)).body("pagination.page", equalTo(1))
                .body("pagination.has_more", equalTo(true)).body("endpoint", equalTo("/v1/locations"));
        as(key).get("/v1/locations?page=2&limit=2").then().statusCode(200)
                .body("data", hasSize(1)).body("pagination.page", equalTo(2)).body("pagination.has_more", equalTo(false));
        as(key).get("/v1/locations?page=2&limit=50").then().statusCode(200)
                .body("data", empty()).body("pagination.limit", equalTo(50)).body("pagination.has_more", equalTo(false));
    }

    @Test
    void refusalsKeepTheirStatusAndSayTheirErrorsAsStrings() {
        Shop shop = GatewayIT.signUp();
        as(shop.key()).body(Map.of("name", "")).post("/v1/locations").then().statusCode(422)
                .body("status", equalTo(422)).body("error_code", notNullValue()).body("message", isA(String.class))
                .body("errors", contains("name: name is required")).body("endpoint", equalTo("/v1/locations"));
        as(shop.key()).get("/v1/locations/nosuchlocation1").then().statusCode(404)
                .body("status", equalTo(404)).body("error_code", equalTo("not_found")).body("errors", empty())
                .body("endpoint", equalTo("/v1/locations/nosuchlocation1"));
        // The gateway's own refusals speak the dialect's path too.
        given().baseUri(GATEWAY).get("/v1/locations").then().statusCode(401)
                .body("error_code", equalTo("unauthorized")).body("errors", empty()).body("endpoint", equalTo("/v1/locations"));

        // The dialect is the gateway's to choose from the path: a caller naming it on the canonical API is not heard.
        as(shop.key()).header("Entrepot-Dialect", "packagex").body(Map.of("name", "")).post("/api/v1/locations").then()
                .statusCode(422).body("errors[0].field", equalTo("name")).body("endpoint", equalTo("/api/v1/locations"));
    }
}

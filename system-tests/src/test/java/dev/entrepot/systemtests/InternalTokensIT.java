package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;

/**
 * The catalog, a separate process, accepts the internal tokens identity-service signs (fetching its
 * JWKS over HTTP) and scopes to their organization; it refuses the outside credentials themselves.
 */
class InternalTokensIT extends SuiteTest {

    @Test
    void aServiceAcceptsIdentitysInternalTokenAndNothingElse() {
        String sessionToken = given().baseUri(App.IDENTITY.baseUri().toString()).contentType(ContentType.JSON)
                .body(Map.of("organization", "System shop", "email", "st-" + UUID.randomUUID() + "@example.com",
                        "password", "system test password"))
                .post("/api/v1/auth/signup").then().statusCode(201).extract().path("data.token");
        String internalToken = given().baseUri(App.IDENTITY.baseUri().toString()).contentType(ContentType.JSON)
                .body(Map.of("authorization", "Bearer " + sessionToken))
                .post("/internal/v1/authenticate").then().statusCode(200).extract().path("data.token");

        String brand = given().baseUri(App.CATALOG.baseUri().toString()).contentType(ContentType.JSON)
                .header("Authorization", "Bearer " + internalToken).body(Map.of("name", "Acme"))
                .post("/api/v1/brands").then().statusCode(201).extract().path("data.id");
        given().baseUri(App.CATALOG.baseUri().toString()).header("Authorization", "Bearer " + internalToken)
                .get("/api/v1/brands/" + brand).then().statusCode(200).body("data.name", equalTo("Acme"));

        given().baseUri(App.CATALOG.baseUri().toString()).header("Authorization", "Bearer " + sessionToken)
                .get("/api/v1/brands").then().statusCode(401).body("error_code", equalTo("unauthorized"));
        given().baseUri(App.CATALOG.baseUri().toString()).get("/api/v1/brands").then().statusCode(401);
    }
}

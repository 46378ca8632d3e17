package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.systemtests.GatewayIT.Shop;
import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;

/**
 * Connectors and connections through the gateway, every service a process: an API key sees the shipped
 * connectors and keeps a configuration whose secret never comes back; the OAuth callback is the one
 * integrations-service path the gateway lets through without a credential, and its state alone decides.
 */
class ConnectionsIT extends SuiteTest {

    private static final String GATEWAY = App.GATEWAY.baseUri().toString();

    @Test
    void connectorsAndConfigurationsThroughTheGatewayAndACallbackWithoutACredential() {
        Shop shop = GatewayIT.signUp();
        given().baseUri(GATEWAY).header("Authorization", shop.key()).get("/api/v1/connectors").then().statusCode(200)
                .body("data.id", hasItems("github", "google", "shopify"));
        given().baseUri(GATEWAY).get("/api/v1/connectors").then().statusCode(401);

        given().baseUri(GATEWAY).header("Authorization", shop.key()).contentType(ContentType.JSON)
                .body(Map.of("credentials", Map.of("clientId", "gh-client", "clientSecret", "gh-secret-value-never-shown"),
                        "scopes", List.of("repo")))
                .post("/api/v1/connectors/github/configurations").then().statusCode(201)
                .body("data.credentials.clientSecret", equalTo("gh-s****"))
                .body(not(containsString("gh-secret-value-never-shown")));
        given().baseUri(GATEWAY).header("Authorization", shop.key()).contentType(ContentType.JSON)
                .body(Map.of("id", "metadata", "name", "Cloud metadata", "auth", Map.of("authType", "API_KEY"),
                        "request", Map.of("baseURL", "https://169.254.169.254/latest")))
                .post("/api/v1/connectors").then().statusCode(422).body("errors.field", hasItem("request.baseURL"));

        given().baseUri(GATEWAY).queryParam("code", "any").queryParam("state", "never-issued")
                .get("/api/v1/oauth/callback").then().statusCode(400).body("error_code", equalTo("invalid_state"));
        given().baseUri(GATEWAY).get("/api/v1/oauth/connect/github").then().statusCode(401);
    }
}

package dev.entrepot.systemtests;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.isA;
import static org.hamcrest.Matchers.not;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.entrepot.platform.testing.LocalHttpServer;
import dev.entrepot.systemtests.GatewayIT.Shop;
import dev.entrepot.systemtests.Suite.App;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * Pizzly's clients (seed 003, docs/dialects.md) unchanged but for the host: every request of its API
 * reference, with the secret key as Basic user and an empty password ({@code -u "secret-key:"}), through
 * the gateway, each answer read field by field as the reference shows it. The refresh goes to an OAuth
 * provider on this machine.
 */
class PizzlyDialectIT extends SuiteTest {

    private static final String GATEWAY = App.GATEWAY.baseUri().toString();
    private static final AtomicInteger REFRESHES = new AtomicInteger();
    private static HttpServer provider;

    @BeforeAll
    static void provider() {
        provider = LocalHttpServer.start(Map.of("/oauth/token", PizzlyDialectIT::token));
    }

    @AfterAll
    static void stopProvider() {
        provider.stop(0);
    }

    private static void token(HttpExchange exchange) throws IOException {
        int n = REFRESHES.incrementAndGet();
        LocalHttpServer.reply(exchange, 200, "{\"access_token\":\"fresh-access-token-" + n + "\",\"refresh_token\":\"fresh-refresh-token-"
                + n + "\",\"expires_in\":3600,\"token_type\":\"bearer\"}");
    }

    private static RequestSpecification as(String secretKey) {
        String basic = Base64.getEncoder().encodeToString((secretKey + ":").getBytes(StandardCharsets.UTF_8));
        return given().baseUri(GATEWAY).header("Authorization", "Basic " + basic).contentType(ContentType.JSON);
    }

    private static void configurationObject(ValidatableResponse answer, String path, String id) {
        answer.body(path + "object", equalTo("configuration")).body(path + "id", equalTo(id))
                .body(path + "scopes", isA(List.class)).body(path + "credentials.clientId", isA(String.class))
                .body(path + "credentials.clientSecret", containsString("****"));
    }

    @Test
    void theReferencesRequestsWorkAsItShowsThem() {
        Shop shop = GatewayIT.signUp();
        String key = shop.key();

        // Integrations: GET /api/github
        as(key).get("/api/github").then().statusCode(200).body("object", equalTo("integration")).body("id", equalTo("github"))
                .body("name", equalTo("GitHub")).body("image", isA(String.class)).body("auth.authType", equalTo("OAUTH2"))
                .body("auth.authorizationURL", isA(String.class)).body("auth.tokenURL", isA(String.class))
                .body("auth.tokenParams", isA(Map.class)).body("auth.authorizationParams", isA(Map.class))
                .body("request.baseURL", isA(String.class)).body("request.headers", isA(Map.class));

        // Configurations: save, retrieve, list, update, delete.
        ValidatableResponse saved = as(key).body(Map.of("credentials", Map.of("clientId", "e9ca0123456789", "clientSecret",
                "a2f0-a-secret-never-shown"))).post("/api/github/configurations").then().statusCode(201)
                .body("message", equalTo("Configuration registered")).body(not(containsString("a-secret-never-shown")));
        String setupId = saved.extract().path("configuration.id");
        configurationObject(saved, "configuration.", setupId);
        saved.body("configuration.credentials.clientSecret", equalTo("a2f0****"));

        configurationObject(as(key).get("/api/github/configurations/" + setupId).then().statusCode(200), "", setupId);
        as(key).get("/api/github/configurations").then().statusCode(200).body("$", hasSize(1)).body("[0].id", equalTo(setupId));

        ValidatableResponse updated = as(key).body(Map.of("credentials", Map.of("clientId", "abcd0123456789", "clientSecret",
                "1234-another-secret"))).put("/api/github/configurations/" + setupId).then().statusCode(200)
                .body("message", equalTo("Configuration updated")).body("configuration.credentials.clientId", equalTo("abcd0123456789"))
                .body("configuration.credentials.clientSecret", equalTo("1234****")).body("configuration.scopes", hasSize(0));
        configurationObject(updated, "configuration.", setupId);
        // The overview's "update" is a POST: the same.
        as(key).body(Map.of("scopes", List.of("user:email"))).post("/api/github/configurations/" + setupId).then().statusCode(200)
                .body("message", equalTo("Configuration updated")).body("configuration.scopes", equalTo(List.of("user:email")));

        as(key).delete("/api/github/configurations/" + setupId).then().statusCode(200).body("message", equalTo("Configuration removed"));
        as(key).get("/api/github/configurations/" + setupId).then().statusCode(404);
    }

    @Test
    void authenticationsAreRetrievedRefreshedAndRemoved() {
        Shop shop = GatewayIT.signUp();
        String key = shop.key();
        String connector = "pizzly-" + Long.toHexString(System.nanoTime());
        String base = LocalHttpServer.url(provider);
        as(key).body(Map.of("id", connector, "name", "Local provider", "auth", Map.of("authType", "OAUTH2",
                "authorizationURL", base + "/oauth/authorize", "tokenURL", base + "/oauth/token"),
                "request", Map.of("baseURL", base + "/api"))).post("/api/v1/connectors").then().statusCode(201);
        String setupId = as(key).body(Map.of("credentials", Map.of("clientId", "client-1", "clientSecret", "secret-1")))
                .put("/api/" + connector + "/configurations").then().statusCode(201).extract().path("configuration.id");
        String authId = as(key).body(Map.of("configuration_id", setupId, "credentials", Map.of("accessToken", "7fde-old-access-token",
                "refreshToken", "789b-old-refresh-token"))).post("/api/v1/connectors/" + connector + "/connections").then()
                .statusCode(201).extract().path("data.id");

        ValidatableResponse retrieved = as(key).get("/api/" + connector + "/authentications/" + authId).then().statusCode(200)
                .body("object", equalTo("authentication")).body("id", equalTo(authId))
                .body("payload.updatedAt", greaterThan(1_600_000_000_000L)).body("payload.accessToken", equalTo("7fde****"))
                .body("payload.refreshToken", equalTo("789b****")).body("created_at", isA(String.class))
                .body("updated_at", isA(String.class)).body(not(containsString("old-access-token")));
        long updatedAt = retrieved.extract().jsonPath().getLong("payload.updatedAt");
        as(key).get("/api/" + connector + "/authentications").then().statusCode(200).body("$", hasSize(1))
                .body("[0].object", equalTo("authentication"));

        // As the reference's curl: a GET.
        as(key).get("/api/" + connector + "/authentications/" + authId + "/refresh").then().statusCode(200)
                .body("message", equalTo("Authentication refreshed")).body("authentication.object", equalTo("authentication"))
                .body("authentication.id", equalTo(authId)).body("authentication.payload.accessToken", equalTo("fres****"))
                .body("authentication.payload.updatedAt", greaterThan(updatedAt - 1))
                .body(not(containsString("fresh-access-token")));
        assertThat(REFRESHES.get()).isEqualTo(1);
        // The same GET from another site's page (a link, an image) refreshes nothing.
        as(key).header("Sec-Fetch-Site", "cross-site").get("/api/" + connector + "/authentications/" + authId + "/refresh").then()
                .statusCode(405);
        assertThat(REFRESHES.get()).isEqualTo(1);

        as(key).delete("/api/" + connector + "/authentications/" + authId).then().statusCode(200)
                .body("message", equalTo("Authentication removed"));
        as(key).get("/api/" + connector + "/authentications/" + authId).then().statusCode(404);
        // A path Pizzly has not is not found, and a refusal keeps the canonical envelope.
        as(key).get("/api/" + connector + "/things").then().statusCode(404).body("error_code", equalTo("not_found"));
        given().baseUri(GATEWAY).get("/api/github/configurations").then().statusCode(401).body("error_code", equalTo("unauthorized"));
    }
}

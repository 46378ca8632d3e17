package dev.entrepot.identity.rest;

import static io.restassured.RestAssured.given;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * Drives identity-service the way its clients do: signup and login for outside credentials, then
 * {@code /internal/v1/authenticate} for the internal token the gateway would forward.
 */
final class IdentityApi {

    static final String PASSWORD = "correct horse battery";

    /** An organization's owner right after signup. */
    record Account(String email, String password, String organization, String userId, String sessionToken,
            String refreshToken) {

        String bearer() {
            return "Bearer " + sessionToken;
        }

        String basic() {
            return IdentityApi.basic(email + ":" + password);
        }
    }

    private IdentityApi() {
    }

    static String newEmail() {
        return "owner-" + UUID.randomUUID() + "@example.com";
    }

    static Account signup() {
        String email = newEmail();
        Response answer = json().body(Map.of("organization", "Shop " + email, "email", email, "password", PASSWORD))
                .post("/api/v1/auth/signup");
        answer.then().statusCode(201).header("Cache-Control", "no-store"); // a credential no cache may keep
        return new Account(email, PASSWORD, answer.path("data.organization_id"), answer.path("data.user_id"),
                answer.path("data.token"), answer.path("data.refresh_token"));
    }

    static Account login(String email, String password) {
        Response answer = json().body(Map.of("email", email, "password", password)).post("/api/v1/auth/login");
        answer.then().statusCode(200);
        return new Account(email, password, answer.path("data.organization_id"), answer.path("data.user_id"),
                answer.path("data.token"), answer.path("data.refresh_token"));
    }

    static RequestSpecification json() {
        return given().contentType(ContentType.JSON);
    }

    /** The answer of /internal/v1/authenticate for an Authorization header value. */
    static Response authenticate(String authorization) {
        return json().body(Map.of("authorization", authorization)).post("/internal/v1/authenticate");
    }

    /** The internal token for a credential that must be accepted. */
    static String internalToken(String authorization) {
        return authenticate(authorization).then().statusCode(200).extract().path("data.token");
    }

    /** Why a credential is refused (the reason the gateway logs); fails unless it is a 401. */
    static String refusal(String authorization) {
        return authenticate(authorization).then().statusCode(401).extract().path("reason");
    }

    /** A request as the gateway forwards it for this outside credential. */
    static RequestSpecification as(String authorization) {
        return json().header("Authorization", "Bearer " + internalToken(authorization));
    }

    static RequestSpecification as(Account account) {
        return as(account.bearer());
    }

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates an integration as {@code owner} and answers its id. */
    static String createIntegration(Account owner, String name) {
        return as(owner).body(Map.of("name", name)).post("/api/v1/integrations").then().statusCode(201).extract()
                .path("data.id");
    }

    /** Creates an API key and answers the key itself. */
    static String createKey(Account owner, String integrationId) {
        return as(owner).body(Map.of("name", "erp sync")).post("/api/v1/integrations/" + integrationId + "/keys")
                .then().statusCode(201).extract().path("data.key");
    }

    /** A name no other test uses. */
    static String newName(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

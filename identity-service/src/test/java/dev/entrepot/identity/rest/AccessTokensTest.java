package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.as;
import static dev.entrepot.identity.rest.IdentityApi.refusal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.persistence.Sql;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
@RealInfrastructure(database = "identity")
class AccessTokensTest {

    @Inject
    Sql sql;

    @Test
    void anAccessTokenThatNeverExpiresIsShownOnceAndRevocable() {
        Account owner = IdentityApi.signup();
        Map<String, Object> body = new HashMap<>();
        body.put("name", "nightly export");
        body.put("expires_in", null);

        String token = as(owner).body(body).post("/api/v1/auth/access-tokens").then().statusCode(201)
                .body("data.expires_at", nullValue())
                .extract().path("data.token");

        assertThat(token).startsWith("epa_").hasSize(47);
        String listed = as(owner).get("/api/v1/auth/access-tokens").then().statusCode(200)
                .body("data.name", hasItem("nightly export")).extract().asString();
        assertThat(listed).doesNotContain(token.substring(12));
        String id = as(owner).get("/api/v1/auth/access-tokens").path("data[0].id");
        IdentityApi.authenticate("Bearer " + token).then().statusCode(200)
                .body("data.kind", equalTo("access_token"))
                .body("data.subject", equalTo(owner.userId()))
                .body("data.credential_id", equalTo(id));

        as(IdentityApi.signup()).delete("/api/v1/auth/access-tokens/" + id).then().statusCode(404);
        as(owner).delete("/api/v1/auth/access-tokens/" + id).then().statusCode(204);
        assertThat(refusal("Bearer " + token)).isEqualTo("unknown_access_token");
    }

    @Test
    void anAccessTokenWithALifetimeHasAnExpiry() {
        Account owner = IdentityApi.signup();

        as(owner).body(Map.of("name", "a day", "expires_in", 86400)).post("/api/v1/auth/access-tokens").then()
                .statusCode(201).body("data.expires_at", notNullValue());
    }

    @Test
    void anExpiredAccessTokenIsRefused() {
        Account owner = IdentityApi.signup();
        String id = as(owner).body(Map.of("name", "a minute", "expires_in", 60)).post("/api/v1/auth/access-tokens").then()
                .statusCode(201).extract().path("data.id");
        String token = as(owner).body(Map.of("name", "another minute", "expires_in", 60))
                .post("/api/v1/auth/access-tokens").path("data.token");
        IdentityApi.authenticate("Bearer " + token).then().statusCode(200);

        sql.update("UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ? AND id <> ?",
                owner.userId(), id);

        assertThat(refusal("Bearer " + token)).isEqualTo("access_token_expired");
    }

    @Test
    void aTokensLastUseIsNotedAtMostOnceAMinute() {
        Account owner = IdentityApi.signup();
        String token = as(owner).body(Map.of("name", "sync", "expires_in", 3600)).post("/api/v1/auth/access-tokens").then()
                .statusCode(201).body("data.last_used", nullValue()).extract().path("data.token");

        IdentityApi.authenticate("Bearer " + token).then().statusCode(200);
        String first = as(owner).get("/api/v1/auth/access-tokens").then().body("data[0].last_used", notNullValue()).extract()
                .path("data[0].last_used");
        IdentityApi.authenticate("Bearer " + token).then().statusCode(200);
        as(owner).get("/api/v1/auth/access-tokens").then().body("data[0].last_used", equalTo(first));

        sql.update("UPDATE access_tokens SET last_used = now() - interval '2 minutes' WHERE user_id = ?", owner.userId());
        String aged = as(owner).get("/api/v1/auth/access-tokens").path("data[0].last_used");
        IdentityApi.authenticate("Bearer " + token).then().statusCode(200);
        String again = as(owner).get("/api/v1/auth/access-tokens").path("data[0].last_used");

        assertThat(Instant.parse(again)).isAfter(Instant.parse(aged));
    }

    @Test
    void badLifetimesAndApiKeysAreRefused() {
        Account owner = IdentityApi.signup();

        as(owner).body(Map.of("name", "no lifetime")).post("/api/v1/auth/access-tokens").then().statusCode(422)
                .body("errors.field", hasItem("expires_in"));
        as(owner).body(Map.of("name", "too short", "expires_in", 5)).post("/api/v1/auth/access-tokens").then()
                .statusCode(422);
        as(owner).body(Map.of("name", "text", "expires_in", "soon")).post("/api/v1/auth/access-tokens").then()
                .statusCode(422);
        String key = IdentityApi.createKey(owner, IdentityApi.createIntegration(owner, IdentityApi.newName("erp")));
        as(key).body(Map.of("name", "x", "expires_in", 3600)).post("/api/v1/auth/access-tokens").then().statusCode(403);
        assertThat(refusal("Bearer epa_" + "A".repeat(43))).isEqualTo("unknown_access_token");
    }
}

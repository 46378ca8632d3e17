package dev.entrepot.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.entrepot.platform.api.VerifiedTokens;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;

/**
 * A service remembers the internal tokens it verified (platform-api's VerifiedTokens) and still refuses what the
 * verifier refuses: a token past its expiry, and a token that differs from a remembered one only in its signature.
 * The clock skew is one second here (60 by default; SmallRye JWT keeps its default for 0), so expiry is close to exact.
 */
@QuarkusTest
@RealInfrastructure(database = "catalog")
@TestProfile(VerifiedTokensTest.ShortClockSkew.class)
class VerifiedTokensTest {

    public static class ShortClockSkew implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.clock.skew", "1");
        }
    }

    private final String organization = "org-" + UUID.randomUUID();

    @Inject
    JWTParser parser;

    @Test
    void theServiceVerifiesTokensThroughTheCache() {
        assertThat(parser).isInstanceOf(VerifiedTokens.class); // SmallRye JWT's authentication injects the parser
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws InterruptedException {
        Instant expiry = Instant.now().plusSeconds(10); // time enough for the first requests on a loaded machine
        String token = InternalTokens.bearerExpiringAt(organization, expiry);
        given().header("Authorization", token).get("/api/v1/products").then().statusCode(200);
        given().header("Authorization", token).get("/api/v1/products").then().statusCode(200);

        Thread.sleep(Math.max(0, expiry.toEpochMilli() - System.currentTimeMillis()) + 2_100);

        given().header("Authorization", token).get("/api/v1/products").then().statusCode(401)
                .body("error_code", equalTo("unauthorized"));
    }

    @Test
    void aTokenWithAnotherSignatureThanARememberedOneIsRefused() {
        String token = InternalTokens.bearer(organization);
        given().header("Authorization", token).get("/api/v1/products").then().statusCode(200);

        int signature = token.lastIndexOf('.') + 1;
        char first = token.charAt(signature);
        String tampered = token.substring(0, signature) + (first == 'A' ? 'B' : 'A') + token.substring(signature + 1);
        given().header("Authorization", tampered).get("/api/v1/products").then().statusCode(401)
                .body("error_code", equalTo("unauthorized"));
        given().header("Authorization", token).get("/api/v1/products").then().statusCode(200);
    }
}

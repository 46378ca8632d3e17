package dev.entrepot.identity.rest;

import static dev.entrepot.identity.rest.IdentityApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;

import java.util.List;
import java.util.Map;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.junit.jupiter.api.Test;

import dev.entrepot.identity.rest.IdentityApi.Account;
import dev.entrepot.platform.testing.InternalTokens;
import dev.entrepot.platform.testing.RealInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Internal tokens are verifiable by anyone holding the published JWKS, and a rotation keeps the old key
 * published, so tokens signed before it stay valid. (Tests run with no prepublication delay.)
 */
@QuarkusTest
@RealInfrastructure(database = "identity")
class SigningKeysTest {

    @Test
    void theDiscoveryDocumentPointsToAJwksOfPublicKeysOnly() {
        json().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo("https://identity.entrepot.internal"))
                .body("jwks_uri", endsWith("/.well-known/jwks.json"))
                .body("id_token_signing_alg_values_supported", equalTo(List.of("RS256")));

        String jwks = json().get("/.well-known/jwks.json").then().statusCode(200).extract().asString();
        json().accept("application/json").get("/.well-known/jwks.json").then().statusCode(200);
        json().accept("application/jwk-set+json").get("/.well-known/jwks.json").then().statusCode(200);

        assertThat(jwks).contains("\"kty\":\"RSA\"").contains("\"kid\"").doesNotContain("\"d\"").doesNotContain("\"p\"");
    }

    @Test
    void anInternalTokenVerifiesAgainstTheJwksWithItsClaims() throws Exception {
        Account owner = IdentityApi.signup();
        String token = IdentityApi.internalToken(owner.bearer());

        JwtClaims claims = verifyWithPublishedKeys(token);

        assertThat(claims.getIssuer()).isEqualTo("https://identity.entrepot.internal");
        assertThat(claims.getAudience()).containsExactly("entrepot-internal");
        assertThat(claims.getSubject()).isEqualTo(owner.userId());
        assertThat(claims.getStringClaimValue("org")).isEqualTo(owner.organization());
        assertThat(claims.getStringListClaimValue("roles")).containsExactly("owner");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isEqualTo(300);
    }

    @Test
    void aRotationKeepsTokensSignedBeforeItValid() throws Exception {
        Account owner = IdentityApi.signup();
        String before = IdentityApi.internalToken(owner.bearer());
        String kidBefore = kid(before);

        String rotated = json().post("/internal/v1/signing-keys/rotate").then().statusCode(201).extract().path("data.kid");

        String after = IdentityApi.internalToken(owner.bearer());
        assertThat(kid(after)).isEqualTo(rotated).isNotEqualTo(kidBefore);
        String jwks = json().get("/.well-known/jwks.json").asString();
        assertThat(jwks).contains(kidBefore).contains(rotated);
        json().header("Authorization", "Bearer " + before).get("/api/v1/me").then().statusCode(200);
        json().header("Authorization", "Bearer " + after).get("/api/v1/me").then().statusCode(200);
        IdentityApi.authenticate(owner.bearer()).then().statusCode(200); // the session token of the old key too
        verifyWithPublishedKeys(before);
        verifyWithPublishedKeys(after);
    }

    @Test
    void aTokenWithOneChangedByteOrFromAnotherSignerIsRefused() {
        Account owner = IdentityApi.signup();
        String token = IdentityApi.internalToken(owner.bearer());
        char[] chars = token.toCharArray();
        int position = token.lastIndexOf('.') + 10;
        chars[position] = chars[position] == 'A' ? 'B' : 'A';

        json().header("Authorization", "Bearer " + new String(chars)).get("/api/v1/me").then().statusCode(401);
        json().header("Authorization", InternalTokens.bearer(owner.organization()))
                .get("/api/v1/me").then().statusCode(401);
        IdentityApi.json().body(Map.of("authorization", "Bearer " + token)).post("/internal/v1/authenticate").then()
                .statusCode(401).body("reason", equalTo("invalid_session_token"));
    }

    private static String kid(String token) throws Exception {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(token);
        return signature.getKeyIdHeaderValue();
    }

    private static JwtClaims verifyWithPublishedKeys(String token) throws Exception {
        List<JsonWebKey> keys = new JsonWebKeySet(json().get("/.well-known/jwks.json").asString()).getJsonWebKeys();
        return new JwtConsumerBuilder().setExpectedIssuer("https://identity.entrepot.internal")
                .setExpectedAudience("entrepot-internal").setRequireExpirationTime()
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys)).build().processToClaims(token);
    }
}

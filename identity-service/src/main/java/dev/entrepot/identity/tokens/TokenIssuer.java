package dev.entrepot.identity.tokens;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;

import dev.entrepot.identity.config.IdentityConfig;
import dev.entrepot.platform.api.Caller;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Signs and verifies the JWTs identity-service issues. Two audiences keep them apart: internal tokens
 * ({@value #INTERNAL_AUDIENCE}) are what the services accept; session tokens ({@value #SESSION_AUDIENCE})
 * are outside credentials, accepted only by {@code /internal/v1/authenticate}.
 */
@ApplicationScoped
public class TokenIssuer {

    public static final String INTERNAL_AUDIENCE = "entrepot-internal";
    public static final String SESSION_AUDIENCE = "entrepot-session";
    public static final String SESSION_CLAIM = "sid";

    private final SigningKeys keys;
    private final String issuer;
    private final Duration internalLifetime;
    private final Duration sessionLifetime;

    TokenIssuer(SigningKeys keys, IdentityConfig config) {
        this.keys = keys;
        this.issuer = config.issuer();
        this.internalLifetime = config.identity().internalTokenLifetime();
        this.sessionLifetime = config.identity().sessionLifetime();
    }

    public Duration internalLifetime() {
        return internalLifetime;
    }

    public Duration sessionLifetime() {
        return sessionLifetime;
    }

    /** The short-lived token the gateway forwards to the services. */
    public String internalToken(CallerClaims caller) {
        JwtClaims claims = claims(INTERNAL_AUDIENCE, caller.subject(), caller.organization(), internalLifetime);
        claims.setClaim(Caller.KIND_CLAIM, caller.kind());
        claims.setClaim(Caller.ROLES_CLAIM, caller.roles());
        claims.setClaim(Caller.DEPARTMENTS_CLAIM, caller.departments());
        claims.setClaim(Caller.ALLOW_WRITE_DATA_CLAIM, caller.allowWriteData());
        if (caller.locale() != null) {
            claims.setClaim(Caller.LOCALE_CLAIM, caller.locale());
        }
        if (caller.integration() != null) {
            claims.setClaim(Caller.INTEGRATION_CLAIM, caller.integration());
        }
        if (caller.session() != null) {
            claims.setClaim(SESSION_CLAIM, caller.session());
        }
        return sign(claims);
    }

    /** The token a login answers with; it names the session so logout can end it. */
    public String sessionToken(String userId, String organization, String sessionId) {
        JwtClaims claims = claims(SESSION_AUDIENCE, userId, organization, sessionLifetime);
        claims.setClaim(SESSION_CLAIM, sessionId);
        return sign(claims);
    }

    /** Verifies signature, issuer, audience and expiry (no clock skew: one clock signs and checks). */
    public JwtClaims verify(String token, String audience) throws InvalidJwtException {
        List<JsonWebKey> published = keys.published().stream().map(key -> (JsonWebKey) key.publicKey()).toList();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(0)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(published))
                .build();
        return consumer.processToClaims(token);
    }

    /** The JWKS document: every published key's public half. */
    public String jwks() {
        JsonWebKeySet set = new JsonWebKeySet(keys.published().stream().map(key -> (JsonWebKey) key.publicKey()).toList());
        return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    private JwtClaims claims(String audience, String subject, String organization, Duration lifetime) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setSubject(subject);
        claims.setClaim(Caller.ORGANIZATION_CLAIM, organization);
        NumericDate now = NumericDate.now();
        claims.setIssuedAt(now);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getValue() + lifetime.toSeconds()));
        claims.setJwtId(UUID.randomUUID().toString());
        return claims;
    }

    private String sign(JwtClaims claims) {
        SigningKey key = keys.signing();
        JsonWebSignature signature = new JsonWebSignature();
        signature.setPayload(claims.toJson());
        signature.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        signature.setKeyIdHeaderValue(key.kid());
        signature.setHeader("typ", "JWT");
        signature.setKey(key.privateKey());
        try {
            return signature.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }
}

package dev.entrepot.platform.testing;

import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;

/**
 * Mints internal tokens the way identity-service does for the gateway (RS256, the organization in the
 * {@code org} claim), signed with the test key that {@link LocalInfrastructure} makes the service trust.
 */
public final class InternalTokens {

    public static final String ISSUER = "https://identity.entrepot.internal";
    public static final String AUDIENCE = "entrepot-internal";
    public static final String PUBLIC_KEY = "entrepot-test-tokens/public.pem";
    private static final String PRIVATE_KEY = "entrepot-test-tokens/private.pem";

    private InternalTokens() {
    }

    /** A token of a user of {@code organization}, valid for five minutes. */
    public static String forOrganization(String organization) {
        return expiringAt(organization, Instant.now().plusSeconds(300));
    }

    /** {@code Bearer <token>} of a user of {@code organization} that expires at {@code expiresAt}. */
    public static String bearerExpiringAt(String organization, Instant expiresAt) {
        return "Bearer " + expiringAt(organization, expiresAt);
    }

    private static String expiringAt(String organization, Instant expiresAt) {
        return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("user-of-" + organization).claim("org", organization)
                .expiresAt(expiresAt).jws().keyId("test").sign(privateKey());
    }

    /** {@code Bearer <token>} of a person of {@code organization} with these organization roles (owner, admin, member). */
    public static String bearerForUser(String organization, String... roles) {
        return "Bearer " + Jwt.issuer(ISSUER).audience(AUDIENCE).subject("user-of-" + organization).claim("org", organization)
                .claim("kind", "session").claim("roles", List.of(roles)).expiresIn(300).jws().keyId("test")
                .sign(privateKey());
    }

    /** {@code Bearer <token>} of an API key of {@code integration}, as the gateway forwards it. */
    public static String bearerForApiKey(String organization, String integration, boolean allowWriteData) {
        return bearerForApiKey(organization, integration, allowWriteData, Instant.now());
    }

    /** The same, issued at {@code issuedAt} (valid for five minutes from then). */
    public static String bearerForApiKey(String organization, String integration, boolean allowWriteData,
            Instant issuedAt) {
        return "Bearer " + Jwt.issuer(ISSUER).audience(AUDIENCE).subject("key-of-" + integration).claim("org", organization)
                .claim("kind", "api_key").claim("integration", integration).claim("allow_write_data", allowWriteData)
                .claim("roles", List.of("owner")).issuedAt(issuedAt).expiresAt(issuedAt.plusSeconds(300)).jws()
                .keyId("test").sign(privateKey());
    }

    /** The same, signed by a key the service does not trust. */
    public static String forgedFor(String organization) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return Jwt.issuer(ISSUER).audience(AUDIENCE).subject("forger").claim("org", organization).expiresIn(300)
                    .jws().keyId("test").sign(generator.generateKeyPair().getPrivate());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code Bearer <token>} for {@code organization}. */
    public static String bearer(String organization) {
        return "Bearer " + forOrganization(organization);
    }

    private static PrivateKey privateKey() {
        try {
            return KeyUtils.readPrivateKey(PRIVATE_KEY);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the test signing key " + PRIVATE_KEY, e);
        }
    }
}

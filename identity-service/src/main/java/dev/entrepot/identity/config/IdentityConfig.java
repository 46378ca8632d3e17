package dev.entrepot.identity.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * What identity-service can be told. The mapping sits at the root because the issuer it signs with is
 * MicroProfile JWT's {@code mp.jwt.verify.issuer}, the one every service verifies against; its own
 * settings are under {@code entrepot.identity}. The defaults here are the ones application.properties
 * applies when its environment variable (named in each method's doc) is unset.
 */
@ConfigMapping(prefix = "")
public interface IdentityConfig {

    /**
     * {@code mp.jwt.verify.issuer} ({@code INTERNAL_TOKEN_ISSUER}): the {@code iss} of every token
     * identity-service signs; set by platform-api to {@code https://identity.entrepot.internal}.
     */
    @WithName("mp.jwt.verify.issuer")
    String issuer();

    /** {@code entrepot.identity.*}. */
    @WithName("entrepot.identity")
    Identity identity();

    interface Identity {

        /**
         * {@code entrepot.identity.url} ({@code IDENTITY_URL}): where the outside world reaches identity-service,
         * the base of the discovery document's {@code jwks_uri}. Default {@code http://127.0.0.1:8083}.
         */
        @WithDefault("http://127.0.0.1:8083")
        String url();

        /** {@code entrepot.identity.session-lifetime} ({@code SESSION_LIFETIME}): how long a login's session token lives. Default 1 hour. */
        @WithDefault("PT1H")
        Duration sessionLifetime();

        /**
         * {@code entrepot.identity.refresh-lifetime} ({@code REFRESH_LIFETIME}): how long a refresh token lives;
         * it rotates on each use. Default 30 days.
         */
        @WithDefault("P30D")
        Duration refreshLifetime();

        /**
         * {@code entrepot.identity.internal-token-lifetime} ({@code INTERNAL_TOKEN_LIFETIME}): how long an
         * internal token the gateway forwards lives. Default 5 minutes.
         */
        @WithDefault("PT5M")
        Duration internalTokenLifetime();

        /**
         * {@code entrepot.identity.signing-key-secret} ({@code SIGNING_KEY_SECRET}): the AES-256 key (32 bytes,
         * base64) that encrypts the signing keys' private halves in the database. No default: required
         * outside dev and test, which have fixed keys of their own.
         */
        String signingKeySecret();

        /** {@code entrepot.identity.signing-key.*}. */
        SigningKey signingKey();

        /** {@code entrepot.identity.lockout.*}. */
        Lockout lockout();
    }

    interface SigningKey {

        /** {@code entrepot.identity.signing-key.rotate-after} ({@code SIGNING_KEY_ROTATE_AFTER}): a new signing key every this long. Default 30 days. */
        @WithDefault("P30D")
        Duration rotateAfter();

        /**
         * {@code entrepot.identity.signing-key.prepublish} ({@code SIGNING_KEY_PREPUBLISH}): how long a new key is
         * published before it signs; longer than the services' JWKS refresh of 5 minutes. Default 10 minutes.
         */
        @WithDefault("PT10M")
        Duration prepublish();
    }

    interface Lockout {

        /** {@code entrepot.identity.lockout.attempts} ({@code LOGIN_LOCKOUT_ATTEMPTS}): wrong passwords in a row before an account is locked. Default 5. */
        @WithDefault("5")
        int attempts();

        /** {@code entrepot.identity.lockout.duration} ({@code LOGIN_LOCKOUT_DURATION}): how long a locked account stays locked. Default 15 minutes. */
        @WithDefault("PT15M")
        Duration duration();
    }
}

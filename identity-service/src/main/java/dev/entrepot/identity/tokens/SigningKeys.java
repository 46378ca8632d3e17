package dev.entrepot.identity.tokens;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;

import dev.entrepot.identity.config.IdentityConfig;
import dev.entrepot.platform.api.ApiException;
import dev.entrepot.platform.persistence.Sql;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;

/**
 * The RS256 keys that sign internal and session tokens, kept in the database (private halves encrypted by
 * {@link KeyVault}) so every replica signs with the same key. Rotation without downtime: a new key is
 * published {@code prepublish} before it signs (longer than the services' JWKS refresh), and the key it
 * replaces stays published until every token it signed has expired.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x7369676e_6b657973L; // "signkeys"
    private static final Duration RELOAD_EVERY = Duration.ofSeconds(30);

    private final Sql sql;
    private final KeyVault vault;
    private final Duration rotateAfter;
    private final Duration prepublish;
    private final Duration longestToken;
    private final Clock clock = Clock.systemUTC();
    private volatile List<SigningKey> keys = List.of();
    private volatile Instant loadedAt = Instant.EPOCH;

    SigningKeys(Sql sql, IdentityConfig config) {
        IdentityConfig.Identity identity = config.identity();
        Duration sessionLifetime = identity.sessionLifetime();
        Duration internalLifetime = identity.internalTokenLifetime();
        this.sql = sql;
        this.vault = new KeyVault(identity.signingKeySecret());
        this.rotateAfter = identity.signingKey().rotateAfter();
        this.prepublish = identity.signingKey().prepublish();
        this.longestToken = sessionLifetime.compareTo(internalLifetime) > 0 ? sessionLifetime : internalLifetime;
    }

    void onStart(@Observes StartupEvent started) {
        maintain();
    }

    /** Makes the first key, the next key when rotation is due, and forgets keys no token can need. */
    @Scheduled(every = "${entrepot.identity.signing-key.check-every:60s}", delayed = "10s")
    @Transactional
    void maintain() {
        lock();
        Instant now = clock.instant();
        List<SigningKey> stored = load();
        if (SigningKey.signing(stored, now).isEmpty()) {
            create(now);
        } else if (SigningKey.rotationDue(stored, now, rotateAfter)) {
            rotate();
        }
        sql.update("DELETE FROM signing_keys WHERE unpublish_at < ?", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
        loadedAt = Instant.EPOCH;
    }

    /**
     * Publishes a new key now; it signs after {@code prepublish}, and the current key retires then. Refused
     * (409) while a key is still waiting to sign, so rotations cannot pile up.
     */
    @Transactional
    public SigningKey rotate() {
        lock();
        Instant now = clock.instant();
        if (load().stream().anyMatch(key -> key.activatesAt().isAfter(now))) {
            throw new ApiException(409, "rotation_pending", "A new signing key is already waiting to sign");
        }
        Instant activation = now.plus(prepublish);
        sql.update("UPDATE signing_keys SET unpublish_at = ? WHERE unpublish_at IS NULL",
                OffsetDateTime.ofInstant(activation.plus(longestToken), ZoneOffset.UTC));
        SigningKey created = create(activation);
        loadedAt = Instant.EPOCH;
        LOG.infof("Signing key %s published; it signs from %s", created.kid(), activation);
        return created;
    }

    /** The key to sign with now. */
    public SigningKey signing() {
        Instant now = clock.instant();
        return SigningKey.signing(current(now), now)
                .orElseThrow(() -> new IllegalStateException("No signing key: the key maintenance has not run"));
    }

    /** The keys of the JWKS. */
    public List<SigningKey> published() {
        Instant now = clock.instant();
        return SigningKey.published(current(now), now);
    }

    private List<SigningKey> current(Instant now) {
        if (Duration.between(loadedAt, now).compareTo(RELOAD_EVERY) > 0) { // picks up other replicas' keys
            keys = load();
            loadedAt = now;
        }
        return keys;
    }

    private SigningKey create(Instant activation) {
        try {
            String kid = UUID.randomUUID().toString();
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
            jwk.setKeyId(kid);
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            byte[] sealed = vault.encrypt(jwk.getPrivateKey().getEncoded(), kid);
            sql.update("INSERT INTO signing_keys (kid, public_jwk, encrypted_private_key, created, activates_at) "
                    + "VALUES (?, ?::jsonb, ?, now(), ?)", kid, jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                    sealed, OffsetDateTime.ofInstant(activation, ZoneOffset.UTC));
            return new SigningKey(kid, jwk, jwk.getPrivateKey(), activation, null);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create a signing key", e);
        }
    }

    private List<SigningKey> load() {
        return sql.list("SELECT kid, public_jwk::text, encrypted_private_key, activates_at, unpublish_at FROM signing_keys",
                row -> {
                    String kid = row.getString("kid");
                    try {
                        PublicJsonWebKey publicKey = PublicJsonWebKey.Factory.newPublicJwk(row.getString("public_jwk"));
                        PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(
                                new PKCS8EncodedKeySpec(vault.decrypt(row.getBytes("encrypted_private_key"), kid)));
                        OffsetDateTime unpublish = Sql.timestamp(row, "unpublish_at");
                        return new SigningKey(kid, publicKey, privateKey, Sql.timestamp(row, "activates_at").toInstant(),
                                unpublish == null ? null : unpublish.toInstant());
                    } catch (Exception e) {
                        throw new IllegalStateException("Cannot read signing key " + kid + ": " + e.getMessage());
                    }
                });
    }

    /** One replica at a time makes keys. */
    private void lock() {
        sql.one("SELECT pg_advisory_xact_lock(?)", row -> true, ROTATION_LOCK);
    }
}

package dev.entrepot.identity.tokens;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
 *
 * <p>Rows: {@link SigningKeyRow}. Signing and verifying use this replica's copy of the keys, which is
 * reloaded on a worker thread (every {@value #RELOAD_EVERY_SECONDS} s, for the keys other replicas made,
 * and right after this replica changed them), never on the caller's thread: identity verifies its own
 * internal tokens ({@link OwnTokens}) on the event loop, where no database session may be opened.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);
    private static final long ROTATION_LOCK = 0x7369676e_6b657973L; // "signkeys"
    static final int RELOAD_EVERY_SECONDS = 30;

    private final SigningKeyRows rows;
    private final Sql sql;
    private final KeyVault vault;
    private final Duration rotateAfter;
    private final Duration prepublish;
    private final Duration longestToken;
    private final Clock clock = Clock.systemUTC();
    private volatile List<SigningKey> keys = List.of();

    SigningKeys(SigningKeyRows rows, Sql sql, IdentityConfig config) {
        IdentityConfig.Identity identity = config.identity();
        Duration sessionLifetime = identity.sessionLifetime();
        Duration internalLifetime = identity.internalTokenLifetime();
        this.rows = rows;
        this.sql = sql;
        this.vault = new KeyVault(identity.signingKeySecret());
        this.rotateAfter = identity.signingKey().rotateAfter();
        this.prepublish = identity.signingKey().prepublish();
        this.longestToken = sessionLifetime.compareTo(internalLifetime) > 0 ? sessionLifetime : internalLifetime;
    }

    void onStart(@Observes StartupEvent started) {
        check();
    }

    /** The maintenance, then this replica's copy of the keys as it left them. */
    @Scheduled(every = "${entrepot.identity.signing-key.check-every:60s}", delayed = "10s")
    void check() {
        maintain();
        reload();
    }

    /** Picks up the keys other replicas made or removed. */
    @Scheduled(every = RELOAD_EVERY_SECONDS + "s", delayed = RELOAD_EVERY_SECONDS + "s")
    void refresh() {
        reload();
    }

    /** Makes the first key, the next key when rotation is due, and forgets keys no token can need. */
    @Transactional
    void maintain() {
        lock();
        Instant now = clock.instant();
        List<SigningKey> stored = load();
        if (SigningKey.signing(stored, now).isEmpty()) {
            create(now);
        } else if (SigningKey.rotationDue(stored, now, rotateAfter)) {
            publishNext();
        }
        rows.delete("unpublishAt < ?1", OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
    }

    /**
     * Publishes a new key now; it signs after {@code prepublish}, and the current key retires then. Refused
     * (409) while a key is still waiting to sign, so rotations cannot pile up.
     */
    public SigningKey rotate() {
        SigningKey created = publishNext();
        reload(); // after the commit: this replica signs with the new key as soon as it activates
        return created;
    }

    @Transactional
    SigningKey publishNext() {
        lock();
        Instant now = clock.instant();
        if (load().stream().anyMatch(key -> key.activatesAt().isAfter(now))) {
            throw new ApiException(409, "rotation_pending", "A new signing key is already waiting to sign");
        }
        Instant activation = now.plus(prepublish);
        rows.update("unpublishAt = ?1 where unpublishAt is null", OffsetDateTime.ofInstant(activation.plus(longestToken), ZoneOffset.UTC));
        SigningKey created = create(activation);
        LOG.infof("Signing key %s published; it signs from %s", created.kid(), activation);
        return created;
    }

    /** The key to sign with now. */
    public SigningKey signing() {
        Instant now = clock.instant();
        return SigningKey.signing(keys, now)
                .orElseThrow(() -> new IllegalStateException("No signing key: the key maintenance has not run"));
    }

    /** The keys of the JWKS. */
    public List<SigningKey> published() {
        return SigningKey.published(keys, clock.instant());
    }

    @Transactional
    void reload() {
        keys = load();
    }

    private SigningKey create(Instant activation) {
        try {
            String kid = UUID.randomUUID().toString();
            RsaJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
            jwk.setKeyId(kid);
            jwk.setAlgorithm("RS256");
            jwk.setUse("sig");
            byte[] sealed = vault.encrypt(jwk.getPrivateKey().getEncoded(), kid);
            rows.persistAndFlush(new SigningKeyRow(kid, jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY), sealed,
                    OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS), OffsetDateTime.ofInstant(activation, ZoneOffset.UTC)));
            return new SigningKey(kid, jwk, jwk.getPrivateKey(), activation, null);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create a signing key", e);
        }
    }

    /** Every stored key, read as the database has it now (not as this transaction's session last saw it). */
    private List<SigningKey> load() {
        List<SigningKeyRow> stored = rows.listAll();
        List<SigningKey> read = stored.stream().map(this::key).toList();
        // The rotation changes unpublish_at with one update statement, which loaded rows do not see: detached,
        // a later load in the same session reads them again.
        stored.forEach(rows.getEntityManager()::detach);
        return read;
    }

    private SigningKey key(SigningKeyRow row) {
        String kid = row.kid();
        try {
            PublicJsonWebKey publicKey = PublicJsonWebKey.Factory.newPublicJwk(row.publicJwk());
            PrivateKey privateKey = KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(vault.decrypt(row.encryptedPrivateKey(), kid)));
            OffsetDateTime unpublish = row.unpublishAt();
            return new SigningKey(kid, publicKey, privateKey, row.activatesAt().toInstant(),
                    unpublish == null ? null : unpublish.toInstant());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read signing key " + kid + ": " + e.getMessage());
        }
    }

    /** One replica at a time makes keys. */
    private void lock() {
        sql.one("SELECT pg_advisory_xact_lock(?)", row -> true, ROTATION_LOCK);
    }
}

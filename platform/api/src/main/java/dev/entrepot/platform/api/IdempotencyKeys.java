package dev.entrepot.platform.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.entrepot.platform.persistence.Sql;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * {@code Idempotency-Key} on POST, kept in the service's own database (table {@code idempotency_keys},
 * from {@code db/platform-api}), per organization, endpoint and key:
 * <ol>
 * <li>The request claims the key in a short transaction of its own. A key already claimed answers at
 * once: the stored answer again (same status, ETag and body, with {@code Idempotent-Replayed: true}),
 * a 422 if it came with a different body, or a 409 with {@code Retry-After} while the first request
 * still runs. Nothing waits, so concurrent retries neither queue on the pool nor on a lock.</li>
 * <li>The write runs in one transaction with the answer: the answer is stored, under the claim, before
 * that transaction commits, so a record never exists without the answer that created it, whatever
 * fails after the commit. A write that fails gives its key back for a corrected retry.</li>
 * <li>A claim whose request died before committing (its process crashed) is taken over by a retry
 * once {@link #CLAIM} has passed; the late request, should it still be alive, then fails to store its
 * answer and rolls back, so the key still creates once.</li>
 * </ol>
 * Answers are kept for {@link #KEPT}: an expired row is replaced when its key comes again and deleted
 * every {@link #SWEEP_EVERY} in any case.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    /** How long an answer is replayed. */
    public static final Duration KEPT = Duration.ofHours(24);
    /** How long a claim holds its key while its request runs (longer than any write may take). */
    public static final Duration CLAIM = Duration.ofSeconds(60);
    /** How often expired keys are deleted, and how many at most per statement. */
    static final Duration SWEEP_EVERY = Duration.ofHours(1);
    private static final int SWEEP_BATCH = 10_000;
    /** What a 409 suggests waiting: the first request is usually done within it. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final ObjectMapper MAPPER = new ObjectMapper().setNodeFactory(FieldKind.JSON)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private static final String CLAIM_SQL = "INSERT INTO idempotency_keys (org_id, endpoint, idempotency_key, "
            + "request_hash, owner, running_until, expires) VALUES (?, ?, ?, ?, ?, now() + interval '"
            + CLAIM.toSeconds() + " seconds', now() + interval '" + KEPT.toSeconds() + " seconds') "
            + "ON CONFLICT (org_id, endpoint, idempotency_key) DO UPDATE SET request_hash = EXCLUDED.request_hash, "
            + "owner = EXCLUDED.owner, running_until = EXCLUDED.running_until, status = NULL, etag = NULL, "
            + "body = NULL, created = now(), expires = EXCLUDED.expires "
            // an answer past its time, or the claim of a request that died
            + "WHERE idempotency_keys.expires < now() OR idempotency_keys.running_until < now() "
            + "RETURNING owner";
    private static final String STORED_SQL = "SELECT request_hash, status, etag, body::text AS body "
            + "FROM idempotency_keys WHERE org_id = ? AND endpoint = ? AND idempotency_key = ?";
    private static final String ANSWER_SQL = "UPDATE idempotency_keys SET owner = NULL, running_until = NULL, "
            + "status = ?, etag = ?, body = CAST(? AS json) "
            + "WHERE org_id = ? AND endpoint = ? AND idempotency_key = ? AND owner = ?";
    private static final String RELEASE_SQL = "DELETE FROM idempotency_keys "
            + "WHERE org_id = ? AND endpoint = ? AND idempotency_key = ? AND owner = ?";
    private static final String SWEEP_SQL = "DELETE FROM idempotency_keys WHERE ctid = ANY (ARRAY("
            + "SELECT ctid FROM idempotency_keys WHERE expires < now() LIMIT " + SWEEP_BATCH + "))";

    private final Sql sql;
    private ScheduledExecutorService sweeper;

    IdempotencyKeys(Sql sql) {
        this.sql = sql;
    }

    /** One key of one organization at one endpoint. */
    private record Request(String organization, String endpoint, String key, String fingerprint) {
    }

    /** What the table holds for a key: its request's fingerprint and, once answered, the answer. */
    private record Stored(String fingerprint, Integer status, String etag, String body) {
    }

    /**
     * Runs {@code action} once per (organization, endpoint, key), in one transaction with its answer;
     * without a key, simply runs it. {@code action} may open transactions of its own: they join this one.
     */
    public Reply once(String organization, String endpoint, String key, JsonNode body, EntityType type,
            Supplier<Reply> action) {
        if (key == null) {
            return action.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badParameter("Idempotency-Key", "Idempotency-Key must be 1 to 255 visible ASCII characters");
        }
        Request request = new Request(organization, endpoint, key, fingerprint(body));
        for (int attempt = 1;; attempt++) {
            UUID owner = UUID.randomUUID();
            if (claim(request, owner)) {
                return run(request, owner, action);
            }
            Optional<Stored> stored = stored(request);
            if (stored.isPresent()) {
                return answer(request, stored.get(), type);
            }
            if (attempt == 3) { // given back and claimed again between our two statements, three times over
                throw inUse("A request with this Idempotency-Key is still running");
            }
        }
    }

    /** Deletes the keys whose answers are past {@link #KEPT}; returns how many. */
    public int forgetExpired() {
        int total = 0;
        int deleted;
        do {
            deleted = sql.update(SWEEP_SQL);
            total += deleted;
        } while (deleted == SWEEP_BATCH);
        return total;
    }

    void startSweeping(@Observes StartupEvent started) {
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-keys-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::forgetExpiredQuietly, 1, SWEEP_EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    void stopSweeping(@Observes ShutdownEvent stopping) {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    private void forgetExpiredQuietly() {
        try {
            int deleted = forgetExpired();
            if (deleted > 0) {
                LOG.debugf("Forgot %d expired idempotency keys", deleted);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Could not delete expired idempotency keys (will try again): %s", e.toString());
        }
    }

    /** Whether {@code owner} now holds the key: it was free, its answer expired or its request died. */
    private boolean claim(Request request, UUID owner) {
        return QuarkusTransaction.requiringNew().call(() -> !sql.list(CLAIM_SQL, row -> row.getObject(1),
                request.organization(), request.endpoint(), request.key(), request.fingerprint(), owner).isEmpty());
    }

    private Optional<Stored> stored(Request request) {
        return QuarkusTransaction.requiringNew().call(() -> sql.one(STORED_SQL, row -> new Stored(row.getString("request_hash"),
                (Integer) row.getObject("status", Integer.class), row.getString("etag"), row.getString("body")),
                request.organization(), request.endpoint(), request.key()));
    }

    /** The write and its answer in one transaction; on failure the key is given back. */
    private Reply run(Request request, UUID owner, Supplier<Reply> action) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Reply reply = action.get();
                int stored = sql.update(ANSWER_SQL, reply.status(), reply.etag(), MAPPER.writeValueAsString(reply.envelope().body()),
                        request.organization(), request.endpoint(), request.key(), owner);
                if (stored == 0) { // our claim ran out and a retry took the key over: its write counts, not ours
                    throw inUse("A later request with this Idempotency-Key took over from this one, which ran too long");
                }
                return reply;
            });
        } catch (RuntimeException failed) {
            release(request, owner);
            throw failed;
        }
    }

    /** Gives the key back after a failed write, so a corrected retry may use it; if this fails, the claim runs out. */
    private void release(Request request, UUID owner) {
        try {
            QuarkusTransaction.requiringNew().run(() -> sql.update(RELEASE_SQL, request.organization(), request.endpoint(),
                    request.key(), owner));
        } catch (RuntimeException e) {
            LOG.warnf("Could not give back an idempotency key after a failed request (it frees itself within %s): %s",
                    CLAIM, e.toString());
        }
    }

    private static Reply answer(Request request, Stored stored, EntityType type) {
        if (!stored.fingerprint().equals(request.fingerprint())) {
            throw new ApiException(422, "idempotency_key_reused", "This Idempotency-Key was used with a different request body");
        }
        if (stored.status() == null) {
            throw inUse("A request with this Idempotency-Key is still running");
        }
        return new Reply(stored.status(), new Envelope((ObjectNode) parse(stored.body()), type), stored.etag(), true);
    }

    private static ApiException inUse(String message) {
        return new ApiException(409, "idempotency_key_in_use", message + "; retry shortly to get its answer")
                .retryAfter(RETRY_AFTER);
    }

    private static String fingerprint(JsonNode body) {
        try {
            // key order does not make a different body: compare with every object's keys sorted
            Object plain = body == null ? null : MAPPER.treeToValue(body, Object.class);
            byte[] canonical = MAPPER.writeValueAsBytes(plain);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Stored idempotent answer does not parse", e);
        }
    }
}

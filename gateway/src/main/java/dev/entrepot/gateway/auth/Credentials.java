package dev.entrepot.gateway.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.entrepot.gateway.RedisScript;
import dev.entrepot.gateway.RedisState;
import dev.entrepot.gateway.Refusal;
import dev.entrepot.gateway.client.IdentityClient;
import dev.entrepot.gateway.config.GatewayConfig;
import io.vertx.core.Future;

/**
 * Resolves an {@code Authorization} header to a {@link Principal}: from this replica's memory (a second),
 * else from Redis (shared by the replicas, up to a minute), else from identity-service. Entries are named
 * by the SHA-256 of the header, never by the credential. An identity event that ends a credential
 * ({@link CredentialEvictions}) drops it here and marks it in Redis, where {@code credential-lookup.lua}
 * refuses every entry resolved before the mark; so a revoked key stops working on every replica as soon
 * as each has read the event, and at the latest when its one-second memory expires.
 */
@ApplicationScoped
public class Credentials {

    private static final Logger LOG = Logger.getLogger(Credentials.class);
    private static final RedisScript LOOKUP = new RedisScript("credential-lookup.lua");
    private static final RedisScript REVOKE = new RedisScript("credential-revoke.lua");
    /** A token forwarded must outlive the request it goes with. */
    private static final long TOKEN_MARGIN_MILLIS = 60_000;
    /** Longer than any header we accept would be a waste of identity-service's time. */
    public static final int MAX_HEADER_LENGTH = 4096;

    private final IdentityClient identity;
    private final RedisState redis;
    private final ObjectMapper json;
    private final long sharedTtlMillis;
    private final Cache<String, Principal> local;
    private final Map<String, Future<Principal>> resolving = new ConcurrentHashMap<>();
    /** Bumped by every revocation, so a resolution that overlapped one is not remembered locally. */
    private final AtomicLong revocations = new AtomicLong();

    Credentials(IdentityClient identity, RedisState redis, ObjectMapper json, GatewayConfig config) {
        this.identity = identity;
        this.redis = redis;
        this.json = json;
        this.sharedTtlMillis = config.credentials().sharedTtl().toMillis();
        this.local = Caffeine.newBuilder().expireAfterWrite(config.credentials().localTtl())
                .maximumSize(config.credentials().localMaxEntries()).build();
    }

    public Future<Principal> resolve(String authorization, String requestId) {
        if (authorization.length() > MAX_HEADER_LENGTH) {
            return Future.failedFuture(Refusal.unauthorized("Authentication failed", "Authorization header too long"));
        }
        String name = sha256(authorization);
        Principal known = local.getIfPresent(name);
        if (known != null && fresh(known)) {
            return Future.succeededFuture(known);
        }
        // Concurrent requests with the same credential share one resolution.
        Future<Principal> pending = resolving.computeIfAbsent(name, n -> load(n, authorization, requestId));
        pending.onComplete(done -> resolving.remove(name, pending));
        return pending;
    }

    private Future<Principal> load(String name, String authorization, String requestId) {
        long generation = revocations.get();
        return redis.call(LOOKUP, List.of(entryKey(name)), List.of(), answer -> answer)
                .<Principal>compose(answer -> {
                    if (answer.get(0) != null) {
                        Principal cached = Principal.fromEntry(readJson(answer.get(0).toString()));
                        if (fresh(cached)) {
                            return Future.succeededFuture(cached);
                        }
                    }
                    return fromIdentity(name, authorization, requestId, answer.get(1).toLong());
                }, redisDown -> fromIdentity(name, authorization, requestId, 0))
                .onSuccess(principal -> {
                    if (revocations.get() == generation) {
                        local.put(name, principal);
                    }
                });
    }

    private Future<Principal> fromIdentity(String name, String authorization, String requestId, long redisNow) {
        return identity.authenticate(authorization, requestId).map(data -> {
            Principal principal = Principal.fromIdentity(data, System.currentTimeMillis(), redisNow);
            long ttl = Math.min(sharedTtlMillis, principal.expiresAt() - TOKEN_MARGIN_MILLIS - System.currentTimeMillis());
            if (redisNow > 0 && ttl > 0) {
                redis.call(r -> r.set(List.of(entryKey(name), principal.toEntry(), "PX", Long.toString(ttl))), answer -> answer)
                        .onFailure(failure -> LOG.debugf("credential not shared through Redis: %s", failure.toString()));
            }
            return principal;
        });
    }

    /** Ends what an identity event revoked, here and, through the mark, in every replica's Redis lookups. */
    public Future<Void> revoke(Revocation revocation) {
        revocations.incrementAndGet();
        local.asMap().values().removeIf(principal -> principal.matches(revocation));
        return redis.call(REVOKE, List.of(revocation.markKey()), List.of(Long.toString(2 * sharedTtlMillis)), answer -> answer)
                .mapEmpty();
    }

    private static boolean fresh(Principal principal) {
        return principal.expiresAt() - TOKEN_MARGIN_MILLIS > System.currentTimeMillis();
    }

    private JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable credential entry in Redis", e);
        }
    }

    private static String entryKey(String name) {
        return "gw:credential:" + name;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

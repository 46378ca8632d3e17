package dev.entrepot.gateway.ratelimit;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.entrepot.gateway.RedisScript;
import dev.entrepot.gateway.RedisState;
import dev.entrepot.gateway.RedisState.RedisUnavailable;
import dev.entrepot.gateway.config.GatewayConfig;
import dev.entrepot.gateway.config.GatewayConfig.FailureMode;
import io.vertx.core.Future;

/**
 * Per-organization rate limits, and the per-address ones of the public endpoints ({@link PublicLimits})
 * (docs/architecture.md#limits), counted in Redis so every replica shares them.
 *
 * <p>Why a sliding window and not GCRA: our users read "300 reads a minute" as "never more than 300 in
 * any minute", and the 301st read right after 300 quick ones must wait until the first of them is a
 * minute old. GCRA with a burst of 300 admits up to 600 in a minute (a full burst, then the steady
 * rate); GCRA with a small burst refuses the quick 300. The one-second buckets keep the count exact to
 * the second with at most one counter per second per organization and quota.
 *
 * <p>An organization whose limit allows hundreds a second takes units in small {@link Lease}s, one
 * Redis call for many requests; at the default limits every request is counted in Redis.
 *
 * <p>When Redis cannot be reached, {@code open} (the default) counts in this replica's memory with the
 * same algorithm, so each replica still enforces the limit on its own share; {@code closed} refuses.
 */
@ApplicationScoped
public class RateLimiter {

    private static final RedisScript SLIDING_WINDOW = new RedisScript("sliding-window.lua");

    private final RedisState redis;
    private final Limits limits;
    private final PublicLimits publicLimits;
    private final int windowSeconds;
    private final FailureMode whenRedisDown;
    private final Cache<String, SlidingWindow> local;
    private final Cache<String, Lease> leases;

    RateLimiter(RedisState redis, GatewayConfig config) {
        GatewayConfig.RateLimits settings = config.rateLimits();
        this.redis = redis;
        this.limits = new Limits(settings.reads(), settings.writes(), settings.bulk(), settings.overrides().orElse(null));
        this.windowSeconds = Math.toIntExact(settings.window().toSeconds());
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("gateway.rate-limits.window must be at least one second");
        }
        this.whenRedisDown = settings.whenRedisDown();
        this.publicLimits = new PublicLimits(settings);
        int longestWindow = Math.max(windowSeconds, publicLimits.longestWindowSeconds());
        this.local = Caffeine.newBuilder().expireAfterAccess(Duration.ofSeconds(longestWindow))
                // Weighed by window length (a counter per second): ~12 bytes a unit, so at most ~70 MB.
                .maximumWeight(6_000_000).weigher((String key, SlidingWindow window) -> window.seconds()).build();
        this.leases = Caffeine.newBuilder().expireAfterWrite(Duration.ofNanos(Lease.LIFETIME_NANOS)).maximumSize(100_000).build();
    }

    /** Admits or refuses one request of an organization; fails only when Redis is down and the mode is closed. */
    public Future<Decision> take(String organization, Quota quota) {
        return take("gw:rl:{" + organization + "}:" + quota.policy, quota.policy, limits.of(organization, quota), windowSeconds);
    }

    /** Admits or refuses one request to an endpoint that needs no credential, by its client's address ({@link ClientAddress}). */
    public Future<Decision> take(PublicLimits.Endpoint endpoint, String clientAddress) {
        PublicLimits.Limit limit = publicLimits.perAddress(endpoint);
        return take(PublicLimits.addressKey(endpoint, clientAddress), endpoint.policy, limit.requests(), limit.windowSeconds());
    }

    /** Admits or refuses one login for an email (as {@link PublicLimits#loginEmail} reads it), from any address. */
    public Future<Decision> takeLogin(String email) {
        PublicLimits.Limit limit = publicLimits.loginPerEmail();
        return take(PublicLimits.emailKey(email), PublicLimits.LOGIN_PER_EMAIL, limit.requests(), limit.windowSeconds());
    }

    private Future<Decision> take(String key, String policy, int limit, int window) {
        int leaseSize = Lease.size(limit, window);
        if (leaseSize > 1) {
            Lease lease = leases.getIfPresent(key);
            Decision leased = lease == null ? null : lease.use(System.nanoTime());
            if (leased != null) {
                return Future.succeededFuture(leased);
            }
        }
        return redis.call(SLIDING_WINDOW, List.of(key),
                List.of(Integer.toString(limit), Integer.toString(window), Integer.toString(leaseSize)),
                answer -> decide(key, policy, limit, window, answer.get(0).toInteger(), answer.get(1).toInteger(),
                        answer.get(2).toLong(), answer.get(3).toLong()))
                .recover(failure -> {
                    if (whenRedisDown == FailureMode.CLOSED) {
                        return Future.failedFuture(new RedisUnavailable("rate limit not counted: " + failure));
                    }
                    return Future.succeededFuture(local.get(key, k -> new SlidingWindow(window))
                            .take(policy, limit, System.currentTimeMillis()));
                });
    }

    /** The script's answer; units granted beyond this request's one become this replica's lease. */
    private Decision decide(String key, String policy, int limit, int window, int granted, int remaining, long resetMillis,
            long retryAfterMillis) {
        if (granted <= 1) {
            return new Decision(policy, limit, window, granted == 1, remaining, resetMillis, retryAfterMillis);
        }
        long now = System.nanoTime();
        Lease lease = new Lease(policy, limit, window, granted, remaining, resetMillis, now);
        // Two event loops that both found the lease spent may both take one; the later replaces the
        // earlier, whose few units expire unused (counted, never over-admitted).
        leases.put(key, lease);
        return lease.use(now);
    }

    public FailureMode whenRedisDown() {
        return whenRedisDown;
    }
}

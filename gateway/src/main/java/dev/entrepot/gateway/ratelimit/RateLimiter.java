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
 * Per-organization rate limits (DESIGN.md section 7), counted in Redis so every replica shares them.
 *
 * <p>Why a sliding window and not GCRA: our users read "300 reads a minute" as "never more than 300 in
 * any minute", and the 301st read right after 300 quick ones must wait until the first of them is a
 * minute old. GCRA with a burst of 300 admits up to 600 in a minute (a full burst, then the steady
 * rate); GCRA with a small burst refuses the quick 300. The one-second buckets keep the count exact to
 * the second with at most one counter per second per organization and quota.
 *
 * <p>When Redis cannot be reached, {@code open} (the default) counts in this replica's memory with the
 * same algorithm, so each replica still enforces the limit on its own share; {@code closed} refuses.
 */
@ApplicationScoped
public class RateLimiter {

    private static final RedisScript SLIDING_WINDOW = new RedisScript("sliding-window.lua");

    private final RedisState redis;
    private final Limits limits;
    private final int windowSeconds;
    private final FailureMode whenRedisDown;
    private final Cache<String, SlidingWindow> local;

    RateLimiter(RedisState redis, GatewayConfig config) {
        GatewayConfig.RateLimits settings = config.rateLimits();
        this.redis = redis;
        this.limits = new Limits(settings.reads(), settings.writes(), settings.bulk(), settings.overrides().orElse(null));
        this.windowSeconds = Math.toIntExact(settings.window().toSeconds());
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("gateway.rate-limits.window must be at least one second");
        }
        this.whenRedisDown = settings.whenRedisDown();
        this.local = Caffeine.newBuilder().expireAfterAccess(Duration.ofSeconds(windowSeconds)).maximumSize(100_000).build();
    }

    /** Admits or refuses one request of an organization; fails only when Redis is down and the mode is closed. */
    public Future<Decision> take(String organization, Quota quota) {
        int limit = limits.of(organization, quota);
        String key = "gw:rl:{" + organization + "}:" + quota.policy;
        return redis.call(SLIDING_WINDOW, List.of(key), List.of(Integer.toString(limit), Integer.toString(windowSeconds)),
                answer -> new Decision(quota, limit, windowSeconds, answer.get(0).toInteger() == 1, answer.get(1).toInteger(),
                        answer.get(2).toLong(), answer.get(3).toLong()))
                .recover(failure -> {
                    if (whenRedisDown == FailureMode.CLOSED) {
                        return Future.failedFuture(new RedisUnavailable("rate limit not counted: " + failure));
                    }
                    return Future.succeededFuture(local.get(key, k -> new SlidingWindow(windowSeconds))
                            .take(quota, limit, System.currentTimeMillis()));
                });
    }

    public FailureMode whenRedisDown() {
        return whenRedisDown;
    }
}

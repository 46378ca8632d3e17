package dev.entrepot.gateway;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.entrepot.gateway.config.GatewayConfig.FailureMode;
import dev.entrepot.gateway.ratelimit.RateLimiter;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness of the rate limiter, in place of the plain Redis check: with Redis unreachable the gateway
 * is still ready when it fails open (each replica counts on its own), and not ready when it fails closed.
 */
@Readiness
@ApplicationScoped
public class RateLimitReadiness implements AsyncHealthCheck {

    static final String NAME = "Rate limits";

    private final RedisState redis;
    private final RateLimiter limiter;

    RateLimitReadiness(RedisState redis, RateLimiter limiter) {
        this.redis = redis;
        this.limiter = limiter;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(() -> redis.ping().otherwiseEmpty().toCompletionStage())
                .map(pinged -> HealthCheckResponse.named(NAME)
                        .status(!redis.down() || limiter.whenRedisDown() == FailureMode.OPEN)
                        .withData("redis", redis.down() ? "unreachable" : "up")
                        .withData("counting", state(redis, limiter))
                        .build());
    }

    static String state(RedisState redis, RateLimiter limiter) {
        if (!redis.down()) {
            return "shared by all replicas in Redis";
        }
        return limiter.whenRedisDown() == FailureMode.OPEN ? "in each replica's memory until Redis answers"
                : "refusing requests until Redis answers";
    }
}

package dev.entrepot.gateway.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Everything the gateway can be told; every outside address is also an environment variable. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** The services behind the gateway, by name; {@code identity} must be one of them. */
    Map<String, Service> services();

    /** Largest request body forwarded; a larger one is a 413. */
    @WithDefault("16777216")
    long maxBodyBytes();

    /** Connections kept open to each service. */
    @WithDefault("256")
    int poolSize();

    @WithDefault("2s")
    Duration connectTimeout();

    Credentials credentials();

    RateLimits rateLimits();

    interface Service {

        /** Base address, e.g. {@code http://127.0.0.1:8081}. */
        String url();

        /** First path segments under {@code /api/v1} this service owns, e.g. {@code products}. */
        List<String> resources();

        /** How long the service may stay silent before the caller gets a 504. */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Credentials {

        /** How long a resolved credential is kept in Redis (never beyond its internal token's life minus a margin). */
        @WithDefault("60s")
        Duration sharedTtl();

        /** How long a replica keeps a resolved credential in its own memory. */
        @WithDefault("1s")
        Duration localTtl();

        @WithDefault("10000")
        int localMaxEntries();
    }

    interface RateLimits {

        @WithDefault("300")
        int reads();

        @WithDefault("100")
        int writes();

        @WithDefault("100")
        int bulk();

        @WithDefault("60s")
        Duration window();

        /**
         * Per-organization limits, comma-separated {@code <organization>:<read|write|bulk>=<per window>}, e.g.
         * {@code abc123def456ghi:read=5000,abc123def456ghi:write=1000}.
         */
        Optional<String> overrides();

        /** What to do when Redis cannot be reached: {@code open} counts in each replica's memory, {@code closed} refuses with 503. */
        @WithDefault("open")
        FailureMode whenRedisDown();
    }

    enum FailureMode {
        OPEN, CLOSED
    }
}

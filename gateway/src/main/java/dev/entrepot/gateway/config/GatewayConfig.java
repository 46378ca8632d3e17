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

    /**
     * Longest request target (path and query) forwarded, {@code gateway.max-uri-length}; a longer one is a 414 in
     * the envelope. Netty's own limit ({@code quarkus.http.limits.max-initial-line-length}) sits far above it.
     */
    @WithDefault("4096")
    int maxUriLength();

    /**
     * Largest header section forwarded, in bytes (names, values and separators), {@code gateway.max-header-bytes};
     * a larger one is a 431 in the envelope. Netty's own limit ({@code quarkus.http.limits.max-header-size}) sits
     * far above it, and the services' above what the gateway forwards.
     */
    @WithDefault("16384")
    int maxHeaderBytes();

    /**
     * The proxies in front of the gateway whose {@code X-Forwarded-For} is believed, as addresses or CIDRs
     * ({@code gateway.trusted-proxies}, {@code TRUSTED_PROXIES}, none by default): the client address of the
     * limits on public endpoints is the right-most hop of that header that is not one of them.
     */
    Optional<List<String>> trustedProxies();

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

        /** {@code POST /api/v1/auth/signup} per client address, {@code <requests>/<window>} ({@code RATE_LIMIT_SIGNUP}). */
        @WithDefault("10/1h")
        String signup();

        /** {@code POST /api/v1/auth/login} per client address ({@code RATE_LIMIT_LOGIN}). */
        @WithDefault("20/1m")
        String login();

        /** {@code POST /api/v1/auth/login} per email, whatever the address ({@code RATE_LIMIT_LOGIN_PER_EMAIL}). */
        @WithDefault("10/5m")
        String loginPerEmail();

        /** {@code POST /api/v1/auth/refresh} per client address ({@code RATE_LIMIT_REFRESH}). */
        @WithDefault("60/1m")
        String refresh();

        /** {@code GET /api/v1/oauth/callback} per client address ({@code RATE_LIMIT_OAUTH_CALLBACK}). */
        @WithDefault("30/1m")
        String oauthCallback();
    }

    enum FailureMode {
        OPEN, CLOSED
    }
}

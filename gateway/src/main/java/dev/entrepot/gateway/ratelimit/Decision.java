package dev.entrepot.gateway.ratelimit;

import io.vertx.core.MultiMap;

/**
 * One answer of the limiter for one request under one policy (an organization's {@link Quota}, or a limit of
 * {@link PublicLimits}), and the headers that tell the caller about it: the IETF
 * draft-10 pair ({@code RateLimit-Policy}, {@code RateLimit}) and the widely used trio
 * ({@code RateLimit-Limit}, {@code -Remaining}, {@code -Reset}); a refusal adds {@code Retry-After}.
 *
 * @param resetMillis      until the oldest counted request leaves the window (one unit comes back)
 * @param retryAfterMillis for a refusal, until enough units come back for this request; else 0
 */
public record Decision(String policy, int limit, int windowSeconds, boolean allowed, int remaining, long resetMillis,
        long retryAfterMillis) {

    /** Seconds of {@code RateLimit-Reset} and {@code t}; for a refusal the same as {@code Retry-After}, never earlier. */
    public long resetSeconds() {
        return seconds(allowed ? resetMillis : Math.max(resetMillis, retryAfterMillis));
    }

    public long retryAfterSeconds() {
        return seconds(retryAfterMillis);
    }

    public void writeHeaders(MultiMap headers) {
        long reset = resetSeconds();
        headers.set("RateLimit-Policy", "\"" + policy + "\";q=" + limit + ";w=" + windowSeconds);
        headers.set("RateLimit", "\"" + policy + "\";r=" + remaining + ";t=" + reset);
        headers.set("RateLimit-Limit", Integer.toString(limit));
        headers.set("RateLimit-Remaining", Integer.toString(remaining));
        headers.set("RateLimit-Reset", Long.toString(reset));
        if (!allowed) {
            headers.set("Retry-After", Long.toString(retryAfterSeconds()));
        }
    }

    /** Whole seconds, rounded up: a client that waits that long is never early. */
    private static long seconds(long millis) {
        return Math.max(0, (millis + 999) / 1000);
    }
}

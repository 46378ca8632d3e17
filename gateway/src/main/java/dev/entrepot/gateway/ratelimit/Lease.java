package dev.entrepot.gateway.ratelimit;

import java.util.concurrent.TimeUnit;

/**
 * Units of an organization's quota that one replica took from Redis ahead of need, so that an
 * organization with a limit of thousands a second costs one Redis call per {@link #size} requests, not
 * one per request.
 *
 * <p>The units were counted in Redis in the second they were taken, so they are spent within a second
 * ({@link #LIFETIME_NANOS}) or not at all: the shared count never admits more than the limit, and the
 * units a replica lets expire unused are at most {@code size - 1} a second, which {@link #size} keeps
 * under 1% of the limit per replica. Below 200 a second, the size is 1: no lease, one exact Redis count
 * per request, as for the default limits.
 *
 * <p>While a lease lasts, {@code RateLimit-Remaining} is Redis's count when it was taken plus the units
 * still held, and the reset counts down from it: exact for this replica, up to a second stale for the others.
 */
final class Lease {

    static final long LIFETIME_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_SIZE = 100;

    private final String policy;
    private final int limit;
    private final int windowSeconds;
    private final int remainingInRedis;
    private final long resetMillis;
    private final long takenAtNanos;
    private int left;

    /** {@code granted} units taken at {@code takenAtNanos}, when Redis had {@code remainingInRedis} left after them. */
    Lease(String policy, int limit, int windowSeconds, int granted, int remainingInRedis, long resetMillis, long takenAtNanos) {
        this.policy = policy;
        this.limit = limit;
        this.windowSeconds = windowSeconds;
        this.remainingInRedis = remainingInRedis;
        this.resetMillis = resetMillis;
        this.takenAtNanos = takenAtNanos;
        this.left = granted;
    }

    /** How many units to take at a time: a hundredth of a second's allowance, at most 100. */
    static int size(int limit, int windowSeconds) {
        return (int) Math.max(1, Math.min(MAX_SIZE, (long) limit / windowSeconds / 100));
    }

    /** The next unit, or {@code null} when the lease is spent or a second old. */
    synchronized Decision use(long nowNanos) {
        long age = nowNanos - takenAtNanos;
        if (left == 0 || age >= LIFETIME_NANOS) {
            return null;
        }
        left--;
        long reset = Math.max(0, resetMillis - TimeUnit.NANOSECONDS.toMillis(age));
        return new Decision(policy, limit, windowSeconds, true, remainingInRedis + left, reset, 0);
    }
}

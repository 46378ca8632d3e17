package dev.entrepot.gateway.ratelimit;

/**
 * The limiter's algorithm in a replica's memory, for when Redis cannot be reached (fail-open); the same
 * algorithm runs in Redis as {@code redis/sliding-window.lua} for the shared count.
 *
 * <p>A sliding window of one-second buckets: a request is admitted when fewer than {@code limit}
 * requests were admitted in the current second and the {@code window - 1} before it. A request stops
 * counting when its second leaves the window, so no stretch of {@code window} whole seconds ever
 * admits more than the limit, and the memory per key is at most {@code window} counters.
 */
public final class SlidingWindow {

    private final int windowSeconds;
    private final long[] second;
    private final int[] count;

    public SlidingWindow(int windowSeconds) {
        this.windowSeconds = windowSeconds;
        this.second = new long[windowSeconds];
        this.count = new int[windowSeconds];
        java.util.Arrays.fill(second, Long.MIN_VALUE);
    }

    /** How many seconds it counts, one slot each. */
    int seconds() {
        return second.length;
    }

    public synchronized Decision take(String policy, int limit, long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        long oldest = now - windowSeconds + 1;
        int used = 0;
        for (int slot = 0; slot < windowSeconds; slot++) {
            if (second[slot] < oldest) {
                second[slot] = Long.MIN_VALUE;
                count[slot] = 0;
            } else {
                used += count[slot];
            }
        }
        boolean allowed = used < limit;
        if (allowed) {
            int slot = slot(now);
            second[slot] = now;
            count[slot]++;
            used++;
        }
        long reset = windowSeconds * 1000L;
        long retryAfter = 0;
        int needed = used - limit + 1;
        int freed = 0;
        boolean resetFound = false;
        for (long s = oldest; s <= now; s++) {
            int slot = slot(s);
            if (second[slot] != s || count[slot] == 0) {
                continue;
            }
            long leavesIn = (s + windowSeconds) * 1000 - nowMillis;
            if (!resetFound) {
                reset = leavesIn;
                resetFound = true;
            }
            freed += count[slot];
            if (!allowed && freed >= needed) {
                retryAfter = leavesIn;
                break;
            }
        }
        return new Decision(policy, limit, windowSeconds, allowed, Math.max(0, limit - used), reset, retryAfter);
    }

    private int slot(long s) {
        return (int) Math.floorMod(s, (long) windowSeconds);
    }
}

package dev.entrepot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.vertx.core.MultiMap;

class SlidingWindowTest {

    private static final long T0 = 1_700_000_000_000L;

    @Test
    void the301stReadOfAMinuteWaitsUntilTheFirstLeavesTheWindow() {
        SlidingWindow window = new SlidingWindow(60);
        for (int i = 0; i < 300; i++) {
            Decision decision = window.take(Quota.READ.policy, 300, T0 + i * 10L);
            assertThat(decision.allowed()).isTrue();
            assertThat(decision.remaining()).isEqualTo(299 - i);
        }
        Decision refused = window.take(Quota.READ.policy, 300, T0 + 5_000);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        // The first 100 were admitted in second T0, which leaves the window at T0 + 60 s: 55 s from now.
        assertThat(refused.retryAfterMillis()).isEqualTo(55_000);
        assertThat(refused.retryAfterSeconds()).isEqualTo(55);
        assertThat(refused.resetSeconds()).isEqualTo(55);

        assertThat(window.take(Quota.READ.policy, 300, T0 + 59_999).allowed()).isFalse();
        Decision afterwards = window.take(Quota.READ.policy, 300, T0 + 60_000);
        assertThat(afterwards.allowed()).isTrue();
        // Second T0 held 100 of the 300; with it gone 200 are counted, and this one makes 201.
        assertThat(afterwards.remaining()).isEqualTo(99);
    }

    @Test
    void underTwiceTheLoadNoMinuteAdmitsMoreThanTheLimitNorMuchLess() {
        SlidingWindow window = new SlidingWindow(60);
        int limit = 100;
        int[] admittedPerSecond = new int[240];
        // 200 requests a minute, evenly spread, for four minutes.
        for (long at = 0; at < 240_000; at += 300) {
            if (window.take(Quota.WRITE.policy, limit, T0 + at).allowed()) {
                admittedPerSecond[(int) (at / 1000)]++;
            }
        }
        for (int start = 0; start + 60 <= 240; start++) {
            int admitted = 0;
            for (int s = start; s < start + 60; s++) {
                admitted += admittedPerSecond[s];
            }
            assertThat(admitted).as("admitted in seconds %d to %d", start, start + 59).isBetween(95, 100);
        }
    }

    @Test
    void reportsWhenTheOldestCountedRequestLeaves() {
        SlidingWindow window = new SlidingWindow(60);
        Decision first = window.take(Quota.BULK.policy, 100, T0 + 250);
        assertThat(first.resetMillis()).isEqualTo(59_750);
        Decision second = window.take(Quota.BULK.policy, 100, T0 + 10_000);
        assertThat(second.resetMillis()).isEqualTo(50_000);
        assertThat(second.remaining()).isEqualTo(98);
    }

    @Test
    void headersFollowTheDraftAndTheCommonTrio() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        new Decision(Quota.WRITE.policy, 100, 60, true, 42, 17_200, 0).writeHeaders(headers);
        assertThat(headers.get("RateLimit-Policy")).isEqualTo("\"write\";q=100;w=60");
        assertThat(headers.get("RateLimit")).isEqualTo("\"write\";r=42;t=18");
        assertThat(headers.get("RateLimit-Limit")).isEqualTo("100");
        assertThat(headers.get("RateLimit-Remaining")).isEqualTo("42");
        assertThat(headers.get("RateLimit-Reset")).isEqualTo("18");
        assertThat(headers.get("Retry-After")).isNull();

        MultiMap refused = MultiMap.caseInsensitiveMultiMap();
        new Decision(Quota.READ.policy, 300, 60, false, 0, 3_000, 41_001).writeHeaders(refused);
        assertThat(refused.get("Retry-After")).isEqualTo("42");
        assertThat(refused.get("RateLimit-Reset")).isEqualTo("42");
        assertThat(refused.get("RateLimit")).isEqualTo("\"read\";r=0;t=42");
    }
}

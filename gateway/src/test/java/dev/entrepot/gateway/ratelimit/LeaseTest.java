package dev.entrepot.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaseTest {

    private static final long T0 = 1_000_000_000L;

    @Test
    void onlyLimitsOfHundredsASecondAreLeasedAndNeverMoreThanAHundredUnits() {
        assertThat(Lease.size(300, 60)).isEqualTo(1);
        assertThat(Lease.size(100, 1)).isEqualTo(1);
        assertThat(Lease.size(11_999, 60)).isEqualTo(1);
        assertThat(Lease.size(12_000, 60)).isEqualTo(2);
        assertThat(Lease.size(60_000, 60)).isEqualTo(10);
        assertThat(Lease.size(Integer.MAX_VALUE, 1)).isEqualTo(100);
    }

    @Test
    void spendsItsUnitsCountingRemainingDownToWhatRedisHasLeft() {
        Lease lease = new Lease(Quota.READ.policy, 60_000, 60, 3, 50_000, 30_000, T0);
        Decision first = lease.use(T0);
        assertThat(first.allowed()).isTrue();
        assertThat(first.remaining()).isEqualTo(50_002);
        assertThat(lease.use(T0 + 1_000_000).remaining()).isEqualTo(50_001);
        Decision last = lease.use(T0 + 250_000_000);
        assertThat(last.remaining()).isEqualTo(50_000);
        assertThat(last.resetMillis()).isEqualTo(29_750);
        assertThat(lease.use(T0 + 300_000_000)).isNull();
    }

    @Test
    void unitsNotSpentWithinASecondAreNotSpentAtAll() {
        Lease lease = new Lease(Quota.WRITE.policy, 60_000, 60, 10, 0, 30_000, T0);
        assertThat(lease.use(T0 + Lease.LIFETIME_NANOS - 1)).isNotNull();
        assertThat(lease.use(T0 + Lease.LIFETIME_NANOS)).isNull();
    }
}

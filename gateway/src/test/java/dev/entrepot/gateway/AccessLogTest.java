package dev.entrepot.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** How a batch of access lines is cut into writes: whole lines, each write within what a pipe keeps unmixed. */
class AccessLogTest {

    @Test
    void aBatchThatFitsIsOneWrite() {
        byte[] batch = lines(3, 100);
        assertThat(writes(batch)).containsExactly(batch.length);
    }

    @Test
    void aLargeBatchIsCutAtLineEndsWithinTheAtomicSize() {
        byte[] batch = lines(200, 150);
        List<Integer> writes = writes(batch);
        assertThat(writes).hasSizeGreaterThan(1);
        assertThat(writes).allMatch(size -> size <= AccessLog.Batches.ATOMIC_WRITE && size % 150 == 0);
        assertThat(writes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(batch.length);
    }

    @Test
    void aLineLongerThanTheAtomicSizeIsWrittenWholeOnItsOwn() {
        String longLine = "x".repeat(AccessLog.Batches.ATOMIC_WRITE + 500) + "\n";
        String shortLine = "y".repeat(99) + "\n";
        byte[] batch = (shortLine + longLine + shortLine).getBytes(StandardCharsets.UTF_8);
        assertThat(writes(batch)).containsExactly(100, longLine.length(), 100);
    }

    private static List<Integer> writes(byte[] batch) {
        List<Integer> sizes = new ArrayList<>();
        int from = 0;
        while (from < batch.length) {
            int to = AccessLog.Batches.chunkEnd(batch, from);
            assertThat(to).isGreaterThan(from);
            sizes.add(to - from);
            from = to;
        }
        return sizes;
    }

    private static byte[] lines(int count, int length) {
        return (("z".repeat(length - 1) + "\n").repeat(count)).getBytes(StandardCharsets.UTF_8);
    }
}

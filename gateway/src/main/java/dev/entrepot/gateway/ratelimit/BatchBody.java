package dev.entrepot.gateway.ratelimit;

import io.vertx.core.buffer.Buffer;

/**
 * Tells from the first bytes of a JSON body whether it is a batch, {@code {"data":[...]}}, without
 * reading the rest: the gateway streams bodies and may look only at their start.
 */
public final class BatchBody {

    /** Bytes looked at, at most; a body still undecided after them is not a batch. */
    public static final int PEEK_LIMIT = 1024;

    public enum Verdict {
        BATCH, SINGLE, UNDECIDED
    }

    private static final byte[] KEY = "\"data\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private BatchBody() {
    }

    /** {@code complete} says no more bytes will come. */
    public static Verdict of(Buffer start, boolean complete) {
        int i = skipSpace(start, 0);
        if (i == start.length()) {
            return undecided(start, complete);
        }
        if (start.getByte(i) != '{') {
            return Verdict.SINGLE;
        }
        i = skipSpace(start, i + 1);
        for (byte expected : KEY) {
            if (i == start.length()) {
                return undecided(start, complete);
            }
            if (start.getByte(i++) != expected) {
                return Verdict.SINGLE;
            }
        }
        i = skipSpace(start, i);
        if (i == start.length()) {
            return undecided(start, complete);
        }
        if (start.getByte(i) != ':') {
            return Verdict.SINGLE;
        }
        i = skipSpace(start, i + 1);
        if (i == start.length()) {
            return undecided(start, complete);
        }
        return start.getByte(i) == '[' ? Verdict.BATCH : Verdict.SINGLE;
    }

    private static Verdict undecided(Buffer start, boolean complete) {
        return complete || start.length() >= PEEK_LIMIT ? Verdict.SINGLE : Verdict.UNDECIDED;
    }

    private static int skipSpace(Buffer buffer, int from) {
        int i = from;
        while (i < buffer.length()) {
            byte b = buffer.getByte(i);
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                break;
            }
            i++;
        }
        return i;
    }
}

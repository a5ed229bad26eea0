package dev.emredis.internal.keyspace;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A stream entry ID: two unsigned 64-bit numbers (milliseconds, sequence), ordered as Redis orders
 * them (ms first, both unsigned). Immutable.
 */
public final class StreamID implements Comparable<StreamID> {
    public static final StreamID MIN = new StreamID(0, 0);
    public static final StreamID MAX = new StreamID(-1L, -1L);

    /** Unsigned milliseconds part. */
    public final long ms;
    /** Unsigned sequence part. */
    public final long seq;

    public StreamID(long ms, long seq) {
        this.ms = ms;
        this.seq = seq;
    }

    @Override
    public int compareTo(StreamID o) {
        int c = Long.compareUnsigned(ms, o.ms);
        return c != 0 ? c : Long.compareUnsigned(seq, o.seq);
    }

    public boolean isZero() {
        return ms == 0 && seq == 0;
    }

    /** streamIncrID: the successor, or null when this is the largest ID. */
    public StreamID next() {
        if (seq == -1L) {
            if (ms == -1L) return null;
            return new StreamID(ms + 1, 0);
        }
        return new StreamID(ms, seq + 1);
    }

    /** streamDecrID: the predecessor, or null when this is 0-0. */
    public StreamID prev() {
        if (seq == 0) {
            if (ms == 0) return null;
            return new StreamID(ms - 1, -1L);
        }
        return new StreamID(ms, seq - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StreamID && ((StreamID) o).ms == ms && ((StreamID) o).seq == seq;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(ms) * 31 + Long.hashCode(seq);
    }

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }

    public byte[] bytes() {
        return toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** The 16-byte big-endian key Redis uses for this ID in its radix trees. */
    public byte[] raxKey() {
        byte[] k = new byte[16];
        for (int i = 0; i < 8; i++) {
            k[i] = (byte) (ms >>> (56 - 8 * i));
            k[8 + i] = (byte) (seq >>> (56 - 8 * i));
        }
        return k;
    }

    // --- parsing (streamGenericParseIDOrReply) ---

    /** Outcome of {@link #parse}: the ID and whether the sequence was given (false for "ms-*"). */
    public static final class Parsed {
        public final StreamID id;
        public final boolean seqGiven;

        Parsed(StreamID id, boolean seqGiven) {
            this.id = id;
            this.seqGiven = seqGiven;
        }
    }

    /**
     * Redis's streamGenericParseIDOrReply. "-" and "+" are the extreme IDs unless {@code strict};
     * "ms" alone takes {@code missingSeq}; "ms-*" is accepted only when {@code allowAutoSeq}.
     * Each part is read as Redis's string2ull (strict integer first, then C strtoull, which allows
     * leading spaces, a sign and leading zeros). The text is taken up to its first NUL byte, as the C
     * code copies it into a C string. Null if invalid.
     */
    public static Parsed parse(byte[] arg, long missingSeq, boolean strict, boolean allowAutoSeq) {
        if (arg.length > 127) return null;
        int len = 0;
        while (len < arg.length && arg[len] != 0) len++;
        if (strict && len == 1 && (arg[0] == '-' || arg[0] == '+')) return null;
        if (len == 1 && arg[0] == '-') return new Parsed(MIN, true);
        if (len == 1 && arg[0] == '+') return new Parsed(MAX, true);
        int dash = -1;
        for (int i = 0; i < len; i++) {
            if (arg[i] == '-') {
                dash = i;
                break;
            }
        }
        long[] ms = new long[1];
        if (!string2ull(arg, 0, dash < 0 ? len : dash, ms)) return null;
        long seq;
        boolean seqGiven = true;
        if (dash >= 0) {
            int s = dash + 1;
            if (allowAutoSeq && len - s == 1 && arg[s] == '*') {
                seq = 0;
                seqGiven = false;
            } else {
                long[] v = new long[1];
                if (!string2ull(arg, s, len, v)) return null;
                seq = v[0];
            }
        } else {
            seq = missingSeq;
        }
        return new Parsed(new StreamID(ms[0], seq), seqGiven);
    }

    /** Redis's string2ull over arg[from, to). */
    static boolean string2ull(byte[] arg, int from, int to, long[] out) {
        Long ll = strictLong(arg, from, to);
        if (ll != null) {
            if (ll < 0) return false;
            out[0] = ll;
            return true;
        }
        // strtoull(s, &end, 10): spaces, optional sign, at least one digit, nothing after.
        int i = from;
        if (i >= to) return false;
        while (i < to && isSpace(arg[i])) i++;
        boolean neg = false;
        if (i < to && (arg[i] == '+' || arg[i] == '-')) {
            neg = arg[i] == '-';
            i++;
        }
        int digits = i;
        while (i < to && arg[i] >= '0' && arg[i] <= '9') i++;
        if (i == digits || i != to) return false;
        BigInteger v = new BigInteger(new String(arg, digits, to - digits, StandardCharsets.US_ASCII));
        if (v.bitLength() > 64) return false; // ERANGE
        long r = v.longValue();
        out[0] = neg ? -r : r;
        return true;
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || (b >= '\t' && b <= '\r');
    }

    /** string2ll over a slice. */
    private static Long strictLong(byte[] b, int from, int to) {
        int len = to - from;
        if (len == 0 || len > 20) return null;
        if (len == 1 && b[from] == '0') return 0L;
        int p = from;
        boolean neg = false;
        if (b[p] == '-') {
            neg = true;
            p++;
            if (p == to) return null;
        }
        if (b[p] < '1' || b[p] > '9') return null;
        long v = 0;
        for (; p < to; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) return null;
            if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0) return null;
            v *= 10;
            if (Long.compareUnsigned(v, -1L - d) > 0) return null;
            v += d;
        }
        if (neg) {
            if (Long.compareUnsigned(v, Long.MIN_VALUE) > 0) return null;
            return -v;
        }
        if (v < 0) return null;
        return v;
    }
}

package dev.emredis.internal.keyspace;

/**
 * A member interval as ZRANGEBYLEX takes it: "[a" inclusive, "(a" exclusive, "-" and "+" the
 * smallest and largest possible strings (represented here by the {@link #MIN} and {@link #MAX}
 * sentinels, compared by identity).
 */
public final class LexRange {
    public static final byte[] MIN = new byte[0];
    public static final byte[] MAX = new byte[0];

    public final byte[] min;
    public final byte[] max;
    public final boolean minex;
    public final boolean maxex;

    public LexRange(byte[] min, boolean minex, byte[] max, boolean maxex) {
        this.min = min;
        this.minex = minex;
        this.max = max;
        this.maxex = maxex;
    }

    /** Redis's sdscmplex: the sentinels sort before/after everything. */
    public static int compare(byte[] a, byte[] b) {
        if (a == b) return 0;
        if (a == MIN || b == MAX) return -1;
        if (a == MAX || b == MIN) return 1;
        return ZSkipList.compareMembers(a, b);
    }

    public boolean gteMin(byte[] v) {
        int c = compare(v, min);
        return minex ? c > 0 : c >= 0;
    }

    public boolean lteMax(byte[] v) {
        int c = compare(v, max);
        return maxex ? c < 0 : c <= 0;
    }

    public boolean emptyByDefinition() {
        int c = compare(min, max);
        return c > 0 || (c == 0 && (minex || maxex));
    }
}

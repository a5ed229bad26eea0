package dev.emredis.internal.rdb;

/**
 * Redis's intset: encoding (element width 2, 4 or 8, uint32 LE), length (uint32 LE), then the
 * values sorted ascending, each little endian in that width.
 */
public final class Intset {
    private Intset() {}

    public static byte[] encode(long[] sorted, int n, int width) {
        RdbOut o = new RdbOut(false);
        o.le(width, 4);
        o.le(n, 4);
        for (int i = 0; i < n; i++) o.le(sorted[i], width);
        return o.toByteArray();
    }

    /** Decodes with intsetValidateIntegrity's deep checks (sizes, not empty, strictly ascending). */
    public static long[] decode(byte[] b) {
        if (b.length < 8) throw RdbIn.bad("intset too short");
        RdbIn in = new RdbIn(b, 0, b.length);
        long width = in.le(4);
        if (width != 2 && width != 4 && width != 8) throw RdbIn.bad("intset encoding");
        long count = in.le(4);
        if (8 + count * width != b.length || count == 0) throw RdbIn.bad("intset size");
        long[] v = new long[(int) count];
        for (int i = 0; i < count; i++) {
            long x = in.le((int) width);
            if (width < 8 && x >= (1L << (8 * width - 1))) x -= 1L << (8 * width);
            if (i > 0 && x <= v[i - 1]) throw RdbIn.bad("intset order");
            v[i] = x;
        }
        return v;
    }

    /** The width an intset of these values was encoded with (from its header). */
    public static int width(byte[] b) {
        return b[0] & 0xff;
    }
}

package dev.emredis.internal.rdb;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis 2.4's zipmap (RDB_TYPE_HASH_ZIPMAP): a count byte (254: unknown), then per pair a length
 * (1 byte under 254, else 254 and 4 bytes), the field, a length, a "free" byte, the value and
 * that many unused bytes; 0xFF ends it.
 */
public final class Zipmap {
    private Zipmap() {}

    /** Field, value, field, value... with zipmapValidateIntegrity's deep checks. */
    public static List<byte[]> decode(byte[] zm) {
        int size = zm.length;
        if (size < 2 || (zm[size - 1] & 0xff) != 0xff) throw RdbIn.bad("zipmap header");
        List<byte[]> out = new ArrayList<>();
        int p = 1;
        int last = size - 1;
        int count = 0;
        while ((zm[p] & 0xff) != 0xff) {
            long[] fl = len(zm, p, last);
            p += (int) fl[1];
            if (p + fl[0] > last) throw RdbIn.bad("zipmap entry");
            byte[] field = java.util.Arrays.copyOfRange(zm, p, (int) (p + fl[0]));
            p += (int) fl[0];
            long[] vl = len(zm, p, last);
            p += (int) vl[1];
            if (p > last) throw RdbIn.bad("zipmap entry");
            int free = zm[p++] & 0xff;
            if (p + vl[0] + free > last) throw RdbIn.bad("zipmap entry");
            byte[] value = java.util.Arrays.copyOfRange(zm, p, (int) (p + vl[0]));
            p += (int) (vl[0] + free);
            out.add(field);
            out.add(value);
            count++;
        }
        if (count == 0) throw RdbIn.bad("empty zipmap");
        if ((zm[0] & 0xff) != 254 && (zm[0] & 0xff) != count) throw RdbIn.bad("zipmap count");
        return out;
    }

    /** {length, bytes used by the length}. */
    private static long[] len(byte[] zm, int p, int last) {
        int b = zm[p] & 0xff;
        if (b < 254) {
            if (p + 1 > last) throw RdbIn.bad("zipmap entry");
            return new long[] {b, 1};
        }
        if (p + 5 > last) throw RdbIn.bad("zipmap entry");
        long v = (zm[p + 1] & 0xffL) | (zm[p + 2] & 0xffL) << 8 | (zm[p + 3] & 0xffL) << 16 | (zm[p + 4] & 0xffL) << 24;
        return new long[] {v, 5};
    }
}

package dev.emredis.internal.keyspace;

import dev.emredis.internal.util.Num;

/**
 * Size arithmetic for MEMORY USAGE of aggregates on a 64-bit jemalloc build: jemalloc size
 * classes, sds allocations, listpack entry sizes, dict overhead (Redis 7.0 layouts).
 */
public final class MemorySizes {
    private MemorySizes() {}

    /** sizeof(dict) in Redis 7.0. */
    public static final long DICT = 56;
    /** sizeof(dictEntry). */
    public static final long DICT_ENTRY = 24;
    /** listpack header (total bytes + count) and end byte. */
    public static final long LP_OVERHEAD = 7;

    /** The jemalloc size class an allocation of n bytes gets (8, 16, 32, 48 ... 4 classes per doubling). */
    public static long jemalloc(long n) {
        if (n <= 8) return 8;
        if (n <= 128) return (n + 15) / 16 * 16;
        int lg = 63 - Long.numberOfLeadingZeros(n - 1);
        long spacing = 1L << (lg - 2);
        return (n + spacing - 1) / spacing * spacing;
    }

    /** sds header size for a string of len bytes (sdsnewlen never makes an empty type-5 sds). */
    public static int sdsHeader(long len, boolean allowType5) {
        if (len < 32 && allowType5 && len > 0) return 1;
        if (len < 256) return 3;
        if (len < 65536) return 5;
        if (len < 4294967296L) return 9;
        return 17;
    }

    /** sdsZmallocSize of an exact-length sds (keys, dict members, raw values). */
    public static long sds(long len) {
        return jemalloc(sdsHeader(len, true) + len + 1);
    }

    /** Bytes one element takes in a listpack: encoding, data and back-length. */
    public static long listpackEntry(byte[] s) {
        long body;
        Long v = s.length <= 20 ? Num.parseLong(s) : null;
        if (v != null) {
            long x = v;
            if (x >= 0 && x <= 127) body = 1;
            else if (x >= -4096 && x <= 4095) body = 2;
            else if (x >= -32768 && x <= 32767) body = 3;
            else if (x >= -8388608 && x <= 8388607) body = 4;
            else if (x >= Integer.MIN_VALUE && x <= Integer.MAX_VALUE) body = 5;
            else body = 9;
        } else if (s.length < 64) {
            body = 1 + s.length;
        } else if (s.length < 4096) {
            body = 2 + s.length;
        } else {
            body = 5 + s.length;
        }
        // lpEncodeBacklen's thresholds
        long back = body <= 127 ? 1 : body < 16383 ? 2 : body < 2097151 ? 3 : body < 268435455 ? 4 : 5;
        return body + back;
    }
}

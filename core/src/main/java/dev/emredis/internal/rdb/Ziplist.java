package dev.emredis.internal.rdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's ziplist (RDB types before 7.0): zlbytes (4), zltail (4), zllen (2), entries, 0xFF. An
 * entry is the previous entry's size (1 byte, or 0xFE and 4 bytes), an encoding (string with a
 * 6/14/32-bit length, or an 8/16/24/32/64-bit integer, or 0..12 inside the encoding byte) and
 * the data. Read-only: Redis 7.0 converts ziplists to listpacks on load and never writes them.
 */
public final class Ziplist {
    private Ziplist() {}

    private static long le(byte[] b, int p, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) v |= (b[p + i] & 0xffL) << (8 * i);
        return v;
    }

    /** Decodes the entries with ziplistValidateIntegrity's deep checks. */
    public static List<byte[]> decode(byte[] zl) {
        int size = zl.length;
        if (size < 11) throw RdbIn.bad("ziplist too short");
        if (le(zl, 0, 4) != size || (zl[size - 1] & 0xff) != 0xff) throw RdbIn.bad("ziplist header");
        long tail = le(zl, 4, 4);
        if (tail > size - 1) throw RdbIn.bad("ziplist tail");
        int headerCount = (int) le(zl, 8, 2);
        List<byte[]> out = new ArrayList<>();
        int p = 10;
        int last = size - 1;
        int prev = -1;
        long prevRaw = 0;
        while ((zl[p] & 0xff) != 0xff) {
            // previous length
            int prevSize;
            long prevLen;
            if ((zl[p] & 0xff) < 254) {
                prevSize = 1;
                prevLen = zl[p] & 0xff;
            } else {
                prevSize = 5;
                if (p + 5 > last) throw RdbIn.bad("ziplist entry");
                prevLen = le(zl, p + 1, 4);
            }
            int e = p + prevSize;
            if (e > last) throw RdbIn.bad("ziplist entry");
            int enc = zl[e] & 0xff;
            int lenSize;
            long len;
            byte[] value;
            if (enc < 0xc0) {
                int type = enc & 0xc0;
                if (type == 0x00) {
                    lenSize = 1;
                    len = enc & 0x3f;
                } else if (type == 0x40) {
                    lenSize = 2;
                    if (e + 1 > last) throw RdbIn.bad("ziplist entry");
                    len = ((enc & 0x3f) << 8) | (zl[e + 1] & 0xff);
                } else if (enc == 0x80) {
                    lenSize = 5;
                    if (e + 4 > last) throw RdbIn.bad("ziplist entry");
                    len = ((zl[e + 1] & 0xffL) << 24) | ((zl[e + 2] & 0xffL) << 16) | ((zl[e + 3] & 0xffL) << 8) | (zl[e + 4] & 0xffL);
                } else {
                    throw RdbIn.bad("ziplist encoding");
                }
                if (e + lenSize + len > last) throw RdbIn.bad("ziplist entry out of range");
                value = java.util.Arrays.copyOfRange(zl, e + lenSize, (int) (e + lenSize + len));
            } else {
                lenSize = 1;
                long v;
                int n;
                if (enc == 0xc0) n = 2;
                else if (enc == 0xd0) n = 4;
                else if (enc == 0xe0) n = 8;
                else if (enc == 0xf0) n = 3;
                else if (enc == 0xfe) n = 1;
                else if (enc >= 0xf1 && enc <= 0xfd) n = 0;
                else throw RdbIn.bad("ziplist encoding");
                len = n;
                if (e + 1 + n > last) throw RdbIn.bad("ziplist entry out of range");
                if (n == 0) {
                    v = (enc & 0x0f) - 1;
                } else {
                    v = le(zl, e + 1, n);
                    if (n < 8 && v >= (1L << (8 * n - 1))) v -= 1L << (8 * n);
                }
                value = Long.toString(v).getBytes(StandardCharsets.US_ASCII);
            }
            if (p - prevLen < 10) throw RdbIn.bad("ziplist prevlen out of range");
            if (prevLen != prevRaw) throw RdbIn.bad("ziplist prevlen");
            out.add(value);
            prevRaw = prevSize + lenSize + len;
            prev = p;
            p += (int) prevRaw;
        }
        if (p != size - 1) throw RdbIn.bad("ziplist end");
        if (prev != -1 && prev != tail) throw RdbIn.bad("ziplist tail offset");
        if (headerCount != 65535 && headerCount != out.size()) throw RdbIn.bad("ziplist count");
        return out;
    }
}

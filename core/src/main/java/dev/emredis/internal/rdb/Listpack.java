package dev.emredis.internal.rdb;

import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's listpack: a 4-byte total size and a 2-byte element count (65535: unknown), entries, and
 * a 0xFF terminator. An entry is its encoding (7-bit uint, 13/16/24/32/64-bit int, or a string
 * with a 6/12/32-bit length) followed by a "backlen" (the entry's size, 7 bits a byte, read from
 * the right). Strings that are canonical int64 text are stored as integers.
 */
public final class Listpack {
    private Listpack() {}

    /** Builds a listpack by appending, as lpAppend/lpAppendInteger do. */
    public static final class Builder {
        private final RdbOut out = new RdbOut(false);
        private int count;

        public Builder() {
            out.le(0, 6); // header, patched in build()
        }

        public Builder add(byte[] s) {
            Long v = Num.parseLong(s);
            if (v != null) return add(v.longValue());
            int start = out.size();
            int len = s.length;
            if (len < 64) {
                out.u8(0x80 | len);
            } else if (len < 4096) {
                out.u8(0xe0 | (len >> 8));
                out.u8(len & 0xff);
            } else {
                out.u8(0xf0);
                out.le(len, 4);
            }
            out.raw(s);
            backlen(out.size() - start);
            count++;
            return this;
        }

        public Builder add(long v) {
            int start = out.size();
            if (v >= 0 && v <= 127) {
                out.u8((int) v);
            } else if (v >= -4096 && v <= 4095) {
                long u = v < 0 ? (1L << 13) + v : v;
                out.u8((int) ((u >> 8) | 0xc0));
                out.u8((int) (u & 0xff));
            } else if (v >= -32768 && v <= 32767) {
                out.u8(0xf1);
                out.le(v, 2);
            } else if (v >= -8388608 && v <= 8388607) {
                out.u8(0xf2);
                out.le(v, 3);
            } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
                out.u8(0xf3);
                out.le(v, 4);
            } else {
                out.u8(0xf4);
                out.le(v, 8);
            }
            backlen(out.size() - start);
            count++;
            return this;
        }

        private void backlen(long l) {
            if (l <= 127) {
                out.u8((int) l);
            } else if (l < 16383) {
                out.u8((int) (l >> 7));
                out.u8((int) ((l & 127) | 128));
            } else if (l < 2097151) {
                out.u8((int) (l >> 14));
                out.u8((int) (((l >> 7) & 127) | 128));
                out.u8((int) ((l & 127) | 128));
            } else if (l < 268435455) {
                out.u8((int) (l >> 21));
                out.u8((int) (((l >> 14) & 127) | 128));
                out.u8((int) (((l >> 7) & 127) | 128));
                out.u8((int) ((l & 127) | 128));
            } else {
                out.u8((int) (l >> 28));
                out.u8((int) (((l >> 21) & 127) | 128));
                out.u8((int) (((l >> 14) & 127) | 128));
                out.u8((int) (((l >> 7) & 127) | 128));
                out.u8((int) ((l & 127) | 128));
            }
        }

        public int count() {
            return count;
        }

        public byte[] build() {
            out.u8(0xff);
            byte[] b = out.toByteArray();
            int total = b.length;
            for (int i = 0; i < 4; i++) b[i] = (byte) (total >>> (8 * i));
            int n = Math.min(count, 65535);
            b[4] = (byte) n;
            b[5] = (byte) (n >>> 8);
            return b;
        }
    }

    /** Bytes of an integer entry (encoding plus back-length), as lpAppendInteger writes it. */
    public static int intEntrySize(long v) {
        if (v >= 0 && v <= 127) return 2;
        if (v >= -4096 && v <= 4095) return 3;
        if (v >= -32768 && v <= 32767) return 4;
        if (v >= -8388608 && v <= 8388607) return 5;
        if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) return 6;
        return 10;
    }

    /** Bytes of a string entry; strings that read as a canonical int64 are stored as integers. */
    public static long stringEntrySize(byte[] s) {
        Long v = Num.parseLong(s); // listpack's lpStringToInt64 is string2ll
        if (v != null) return intEntrySize(v);
        long len = s.length;
        long enc = len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len;
        return enc + backlenSize(enc);
    }

    /** lpEncodeBacklen's size (note the limits: 127 inclusive, then exclusive 2^14-1, 2^21-1, 2^28-1). */
    private static int backlenSize(long l) {
        if (l <= 127) return 1;
        if (l < 16383) return 2;
        if (l < 2097151) return 3;
        if (l < 268435455) return 4;
        return 5;
    }

    /**
     * Decodes every entry (integers as their decimal text), checking what lpValidateIntegrity
     * checks in deep mode: header size and terminator, each entry inside the buffer with a
     * matching backlen, the terminator where the entries end, and the element count.
     */
    public static List<byte[]> decode(byte[] lp) {
        if (lp.length < 7) throw RdbIn.bad("listpack too short");
        long total = (lp[0] & 0xffL) | (lp[1] & 0xffL) << 8 | (lp[2] & 0xffL) << 16 | (lp[3] & 0xffL) << 24;
        if (total != lp.length || (lp[lp.length - 1] & 0xff) != 0xff) throw RdbIn.bad("listpack header");
        int numele = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
        List<byte[]> out = new ArrayList<>();
        int p = 6;
        int last = lp.length - 1;
        while (p < last) {
            int b = lp[p] & 0xff;
            long hdr;
            long dataLen;
            byte[] value = null;
            long ival = 0;
            boolean isInt = true;
            if ((b & 0x80) == 0) {
                hdr = 1;
                dataLen = 0;
                ival = b & 0x7f;
            } else if ((b & 0xc0) == 0x80) {
                hdr = 1;
                dataLen = b & 0x3f;
                isInt = false;
            } else if ((b & 0xe0) == 0xc0) {
                hdr = 2;
                dataLen = 0;
            } else if ((b & 0xf0) == 0xe0) {
                hdr = 2;
                isInt = false;
                if (p + 1 >= last) throw RdbIn.bad("listpack entry");
                dataLen = ((b & 0xf) << 8) | (lp[p + 1] & 0xff);
            } else if (b == 0xf0) {
                hdr = 5;
                isInt = false;
                if (p + 4 >= last) throw RdbIn.bad("listpack entry");
                dataLen = (lp[p + 1] & 0xffL) | (lp[p + 2] & 0xffL) << 8 | (lp[p + 3] & 0xffL) << 16 | (lp[p + 4] & 0xffL) << 24;
            } else if (b == 0xf1) {
                hdr = 3;
                dataLen = 0;
            } else if (b == 0xf2) {
                hdr = 4;
                dataLen = 0;
            } else if (b == 0xf3) {
                hdr = 5;
                dataLen = 0;
            } else if (b == 0xf4) {
                hdr = 9;
                dataLen = 0;
            } else {
                throw RdbIn.bad("listpack encoding");
            }
            long encLen = hdr + dataLen;
            long entryLen = encLen + backlenSize(encLen);
            if (p + entryLen > last) throw RdbIn.bad("listpack entry out of range");
            // the backlen, read right to left, must give the encoded size
            int q = (int) (p + entryLen - 1);
            long val = 0;
            int shift = 0;
            while (true) {
                val |= (long) (lp[q] & 127) << shift;
                if ((lp[q] & 128) == 0) break;
                shift += 7;
                q--;
                if (shift > 28) throw RdbIn.bad("listpack backlen");
            }
            if (val != encLen) throw RdbIn.bad("listpack backlen mismatch");
            if (isInt) {
                if ((b & 0x80) != 0) ival = readInt(lp, p, b);
                value = Long.toString(ival).getBytes(StandardCharsets.US_ASCII);
            } else {
                value = java.util.Arrays.copyOfRange(lp, (int) (p + hdr), (int) (p + hdr + dataLen));
            }
            out.add(value);
            p += (int) entryLen;
        }
        if (p != last) throw RdbIn.bad("listpack end");
        if (numele != 65535 && numele != out.size()) throw RdbIn.bad("listpack count");
        return out;
    }

    private static long readInt(byte[] lp, int p, int b) {
        if ((b & 0xe0) == 0xc0) {
            long u = ((b & 0x1f) << 8) | (lp[p + 1] & 0xff);
            return u >= (1 << 12) ? u - (1 << 13) : u;
        }
        int n = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
        long u = 0;
        for (int i = 0; i < n; i++) u |= (lp[p + 1 + i] & 0xffL) << (8 * i);
        if (n < 8 && u >= (1L << (8 * n - 1))) u -= 1L << (8 * n);
        return u;
    }
}

package dev.emredis.internal.rdb;

import java.nio.charset.StandardCharsets;

/**
 * Reads RDB encodings from a byte range with bounds checks everywhere: any short read, unknown
 * encoding or impossible size raises {@link RdbFormatException}, never an index error.
 */
public final class RdbIn {
    private final byte[] buf;
    private int pos;
    private final int end;

    public RdbIn(byte[] buf, int off, int end) {
        this.buf = buf;
        this.pos = off;
        this.end = end;
    }

    static RdbFormatException bad(String why) {
        return new RdbFormatException(why);
    }

    public int remaining() {
        return end - pos;
    }

    public int u8() {
        if (pos >= end) throw bad("short read");
        return buf[pos++] & 0xff;
    }

    public byte[] raw(int n) {
        if (n < 0 || n > end - pos) throw bad("short read");
        byte[] r = new byte[n];
        System.arraycopy(buf, pos, r, 0, n);
        pos += n;
        return r;
    }

    public long le(int n) {
        if (n > end - pos) throw bad("short read");
        long v = 0;
        for (int i = 0; i < n; i++) v |= (long) (buf[pos++] & 0xff) << (8 * i);
        return v;
    }

    /** Result of {@link #lenOrEncoding}: a length, or (encoded) a string encoding type. */
    private boolean lastEncoded;

    /** rdbLoadLenByRef: a length, or for the 11xxxxxx form the encoding number (lastEncoded set). */
    private long lenOrEncoding() {
        int b = u8();
        int type = (b & 0xc0) >> 6;
        lastEncoded = false;
        if (type == 3) {
            lastEncoded = true;
            return b & 0x3f;
        }
        if (type == 0) return b & 0x3f;
        if (type == 1) return ((long) (b & 0x3f) << 8) | u8();
        if (b == 0x80) {
            long v = 0;
            for (int i = 0; i < 4; i++) v = (v << 8) | u8();
            return v;
        }
        if (b == 0x81) {
            long v = 0;
            for (int i = 0; i < 8; i++) v = (v << 8) | u8();
            return v;
        }
        throw bad("unknown length encoding");
    }

    /** rdbLoadLen, as an unsigned 64-bit value in a long. An encoded value here is an error. */
    public long len() {
        long v = lenOrEncoding();
        if (lastEncoded) throw bad("encoded value where a length was expected");
        return v;
    }

    /** A length that must also be a count of things still to read (each at least one byte). */
    public int count() {
        long v = len();
        if (v < 0 || v > remaining()) throw bad("count larger than the payload");
        return (int) v;
    }

    /** rdbGenericLoadStringObject: verbatim, integer-encoded (as decimal text) or LZF. */
    public byte[] string() {
        long len = lenOrEncoding();
        if (lastEncoded) {
            switch ((int) len) {
                case 0:
                    return ascii((byte) u8());
                case 1:
                    return ascii((short) le(2));
                case 2:
                    return ascii((int) le(4));
                case 3: {
                    long clen = len();
                    long olen = len();
                    if (clen < 0 || clen > remaining()) throw bad("short read");
                    // LZF expands at most ~90x (264 bytes from a 3-byte reference)
                    if (olen < 0 || olen > clen * 100 + 64 || olen > Integer.MAX_VALUE - 16) throw bad("bad LZF length");
                    byte[] out = Lzf.decompress(buf, pos, (int) clen, (int) olen);
                    if (out == null) throw bad("Invalid LZF compressed string");
                    pos += (int) clen;
                    return out;
                }
                default:
                    throw bad("unknown string encoding");
            }
        }
        if (len < 0 || len > remaining()) throw bad("short read");
        return raw((int) len);
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    /** rdbLoadMillisecondTime (RDB 9+: little endian). */
    public long millis() {
        return le(8);
    }

    public double binaryDouble() {
        return Double.longBitsToDouble(le(8));
    }

    /** rdbLoadDoubleValue: the old text form (length byte; 253 NaN, 254 +inf, 255 -inf). */
    public double textDouble() {
        int len = u8();
        if (len == 255) return Double.NEGATIVE_INFINITY;
        if (len == 254) return Double.POSITIVE_INFINITY;
        if (len == 253) return Double.NaN;
        byte[] s = raw(len);
        Double d = Strtod.parse(s, true);
        if (d == null) throw bad("bad double");
        return d;
    }
}

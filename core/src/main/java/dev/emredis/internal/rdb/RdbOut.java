package dev.emredis.internal.rdb;

import dev.emredis.internal.util.Num;
import java.util.Arrays;

/**
 * Writes the RDB encodings of rdb.c: lengths (6/14/32/64-bit), strings (small integers as
 * 8/16/32-bit "encoded" values, LZF when {@code rdbcompression} is on and the string is longer
 * than 20 bytes and shrinks by at least 4 bytes, else verbatim), little-endian times and doubles.
 */
public final class RdbOut {
    private byte[] buf = new byte[64];
    private int size;
    private final boolean compression;

    public RdbOut(boolean compression) {
        this.compression = compression;
    }

    public int size() {
        return size;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    private void ensure(int n) {
        if (size + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
    }

    public void u8(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    public void raw(byte[] b) {
        raw(b, 0, b.length);
    }

    public void raw(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    /** A little-endian integer of {@code n} bytes. */
    public void le(long v, int n) {
        ensure(n);
        for (int i = 0; i < n; i++) buf[size++] = (byte) (v >>> (8 * i));
    }

    /** rdbSaveLen. */
    public void len(long len) {
        if (len >= 0 && len < (1 << 6)) {
            u8((int) len);
        } else if (len >= 0 && len < (1 << 14)) {
            u8((int) ((len >> 8) | 0x40));
            u8((int) (len & 0xff));
        } else if (len >= 0 && len <= 0xffffffffL) {
            u8(0x80);
            for (int i = 3; i >= 0; i--) u8((int) (len >>> (8 * i)));
        } else {
            u8(0x81);
            for (int i = 7; i >= 0; i--) u8((int) (len >>> (8 * i)));
        }
    }

    /** rdbEncodeInteger: true if written as an 8/16/32-bit encoded value. */
    private boolean encodedInt(long v) {
        if (v >= -(1 << 7) && v <= (1 << 7) - 1) {
            u8(0xc0);
            le(v, 1);
        } else if (v >= -(1 << 15) && v <= (1 << 15) - 1) {
            u8(0xc1);
            le(v, 2);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            u8(0xc2);
            le(v, 4);
        } else {
            return false;
        }
        return true;
    }

    /** rdbSaveRawString. */
    public void string(byte[] s) {
        if (s.length <= 11) {
            Long v = Num.parseLong(s);
            if (v != null && encodedInt(v)) return;
        }
        if (compression && s.length > 20 && lzf(s)) return;
        len(s.length);
        raw(s);
    }

    /** rdbSaveLongLongAsStringObject (an int-encoded string object). */
    public void longString(long v) {
        if (encodedInt(v)) return;
        byte[] d = Long.toString(v).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        len(d.length);
        raw(d);
    }

    /** rdbSaveLzfStringObject: only when it saves at least four bytes. */
    private boolean lzf(byte[] s) {
        byte[] c = Lzf.compress(s, s.length - 4);
        if (c == null) return false;
        lzfBlob(c, s.length);
        return true;
    }

    /** rdbSaveLzfBlob. */
    public void lzfBlob(byte[] compressed, long originalLen) {
        u8(0xc3);
        len(compressed.length);
        len(originalLen);
        raw(compressed);
    }

    /** rdbSaveMillisecondTime: 8 bytes little endian. */
    public void millis(long t) {
        le(t, 8);
    }

    /** rdbSaveBinaryDoubleValue: IEEE 754 binary64, little endian. */
    public void binaryDouble(double d) {
        le(Double.doubleToRawLongBits(d), 8);
    }
}

package dev.emredis.internal.resp;

import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Encodes replies into a growable byte buffer for one connection, in RESP2 or RESP3. */
public final class RespWriter implements ReplySink {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[][] SMALL_INTS = new byte[512][];

    static {
        for (int i = 0; i < SMALL_INTS.length; i++) {
            SMALL_INTS[i] = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private byte[] buf;
    private int len;
    private int protocol = 2;

    public RespWriter(int initialCapacity) {
        buf = new byte[initialCapacity];
    }

    public void protocol(int p) {
        this.protocol = p;
    }

    @Override
    public int protocol() {
        return protocol;
    }

    public byte[] buffer() {
        return buf;
    }

    public int size() {
        return len;
    }

    public void clear() {
        len = 0;
        if (buf.length > 1 << 20) buf = new byte[16 * 1024];
    }

    /** Drops the first n bytes (written to the socket). */
    public void consume(int n) {
        if (n >= len) {
            clear();
            return;
        }
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }

    /** Truncates to a previous size (used to take back a partially written reply). */
    public void truncate(int size) {
        len = size;
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) {
            int cap = Math.max(buf.length * 2, len + extra);
            buf = Arrays.copyOf(buf, cap);
        }
    }

    private void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    private void put(byte[] b) {
        put(b, 0, b.length);
    }

    private void put(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void putAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) buf[len++] = (byte) s.charAt(i);
    }

    private void putLong(long v) {
        if (v >= 0 && v < SMALL_INTS.length) put(SMALL_INTS[(int) v]);
        else putAscii(Long.toString(v));
    }

    private void header(byte type, long n) {
        put(type);
        putLong(n);
        put(CRLF);
    }

    @Override
    public void simple(String s) {
        put((byte) '+');
        put(s.getBytes(StandardCharsets.UTF_8));
        put(CRLF);
    }

    @Override
    public void error(String fullMessage) {
        put((byte) '-');
        // Redis replaces newlines in error messages with spaces so the protocol stays intact.
        byte[] b = fullMessage.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < b.length; i++) if (b[i] == '\r' || b[i] == '\n') b[i] = ' ';
        put(b);
        put(CRLF);
    }

    @Override
    public void integer(long v) {
        header((byte) ':', v);
    }

    @Override
    public void bulk(byte[] b) {
        bulk(b, 0, b.length);
    }

    @Override
    public void bulk(byte[] b, int off, int n) {
        header((byte) '$', n);
        put(b, off, n);
        put(CRLF);
    }

    @Override
    public void nullBulk() {
        if (protocol == 3) putAscii("_\r\n");
        else putAscii("$-1\r\n");
    }

    @Override
    public void nullArray() {
        if (protocol == 3) putAscii("_\r\n");
        else putAscii("*-1\r\n");
    }

    @Override
    public void array(int n) {
        header((byte) '*', n);
    }

    @Override
    public void map(int n) {
        if (protocol == 3) header((byte) '%', n);
        else header((byte) '*', 2L * n);
    }

    @Override
    public void set(int n) {
        header(protocol == 3 ? (byte) '~' : (byte) '*', n);
    }

    @Override
    public void push(int n) {
        header(protocol == 3 ? (byte) '>' : (byte) '*', n);
    }

    @Override
    public void dbl(double d) {
        String s = Num.g17(d);
        if (protocol == 3) {
            put((byte) ',');
            putAscii(s);
            put(CRLF);
        } else {
            bulk(s.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void bool(boolean b) {
        if (protocol == 3) putAscii(b ? "#t\r\n" : "#f\r\n");
        else integer(b ? 1 : 0);
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (protocol == 3) {
            header((byte) '=', text.length + 4L);
            putAscii(format);
            put((byte) ':');
            put(text);
            put(CRLF);
        } else {
            bulk(text);
        }
    }

    @Override
    public void bigNumber(String digits) {
        if (protocol == 3) {
            put((byte) '(');
            putAscii(digits);
            put(CRLF);
        } else {
            bulk(digits.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Override
    public void raw(byte[] encoded) {
        put(encoded);
    }

    /** A command as a client sends it: an array of bulk strings. */
    public static byte[] encodeCommand(byte[]... argv) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes(("*" + argv.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (byte[] a : argv) {
            b.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(a);
            b.writeBytes(CRLF);
        }
        return b.toByteArray();
    }
}

package dev.emredis.internal.resp;

import dev.emredis.internal.command.Errors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Incremental request decoder for one connection: RESP multibulk and inline commands, with
 * Redis's limits and error texts. Bytes are appended with {@link #feed}; {@link #next} returns
 * complete commands one at a time and keeps partial state between reads, so a command split
 * across many packets is never re-scanned.
 */
public final class RespDecoder {
    /** Redis's PROTO_INLINE_MAX_SIZE. */
    static final int INLINE_MAX = 64 * 1024;
    /** Bulks at least this large are read straight into their own array (PROTO_MBULK_BIG_ARG). */
    private static final int BIG_ARG = 32 * 1024;

    private byte[] buf = new byte[16 * 1024];
    private int pos;
    private int end;

    private long maxBulkLen = 512L * 1024 * 1024;
    private boolean authRequired;

    // multibulk state
    private int multibulkLen; // remaining args, 0 when not in a multibulk
    private byte[][] args;
    private int argc;
    private long bulkLen = -1; // length of the bulk being read, -1 when reading its header
    private byte[] bigArg; // direct buffer for a large bulk
    private int bigArgFill;

    public void maxBulkLen(long v) {
        maxBulkLen = v;
    }

    /** Unauthenticated clients get tighter limits, as in Redis. */
    public void authRequired(boolean v) {
        authRequired = v;
    }

    /** Bytes buffered but not yet consumed (for the query buffer limit and CLIENT LIST qbuf). */
    public long buffered() {
        long n = end - pos;
        if (bigArg != null) n += bigArgFill;
        return n;
    }

    public int capacity() {
        return buf.length;
    }

    public void feed(byte[] src, int off, int n) {
        if (bigArg != null) {
            int take = (int) Math.min(n, bigArg.length - bigArgFill);
            System.arraycopy(src, off, bigArg, bigArgFill, take);
            bigArgFill += take;
            off += take;
            n -= take;
            if (n == 0) return;
        }
        if (pos > 0 && pos == end) {
            pos = end = 0;
        }
        if (end + n > buf.length) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, end - pos);
                end -= pos;
                pos = 0;
            }
            if (end + n > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + n));
        }
        System.arraycopy(src, off, buf, end, n);
        end += n;
    }

    /** The next complete command, or null if more bytes are needed. Empty commands are skipped. */
    public byte[][] next() throws ProtocolException {
        while (true) {
            if (multibulkLen == 0) {
                if (bigArg == null && pos >= end) return null;
                if (buf[pos] == '*') {
                    int r = readMultibulkHeader();
                    if (r < 0) return null;
                    if (r == 0) continue; // *0 or *-1: nothing to run
                } else {
                    byte[][] inline = readInline();
                    if (inline == null) return null;
                    if (inline.length == 0) continue;
                    return inline;
                }
            }
            byte[][] cmd = readMultibulkBody();
            if (cmd == null) return null;
            return cmd;
        }
    }

    private int findCr(int from) {
        for (int i = from; i < end; i++) if (buf[i] == '\r') return i;
        return -1;
    }

    /** -1: incomplete, 0: empty request consumed, 1: header read. */
    private int readMultibulkHeader() throws ProtocolException {
        int cr = findCr(pos);
        if (cr < 0) {
            if (end - pos > INLINE_MAX) throw new ProtocolException(Errors.PROTO_BIG_MBULK_COUNT);
            return -1;
        }
        if (cr + 1 >= end) return -1; // wait for the \n as Redis does
        Long ll = parse(pos + 1, cr);
        if (ll == null || ll > Integer.MAX_VALUE) throw new ProtocolException(Errors.PROTO_INVALID_MBULK_LEN);
        if (ll > 10 && authRequired) throw new ProtocolException(Errors.PROTO_UNAUTH_MBULK_LEN);
        pos = cr + 2;
        if (ll <= 0) return 0;
        multibulkLen = (int) (long) ll;
        args = new byte[Math.min(multibulkLen, 1024)][];
        argc = 0;
        bulkLen = -1;
        return 1;
    }

    private byte[][] readMultibulkBody() throws ProtocolException {
        while (multibulkLen > 0) {
            if (bigArg != null) {
                if (bigArgFill < bigArg.length) return null;
                // the CRLF after the bulk stays in buf
                if (end - pos < 2) return null;
                pos += 2;
                addArg(bigArg);
                bigArg = null;
                bulkLen = -1;
                continue;
            }
            if (bulkLen == -1) {
                if (pos >= end) return null;
                int cr = findCr(pos);
                if (cr < 0) {
                    if (end - pos > INLINE_MAX) throw new ProtocolException(Errors.PROTO_BIG_BULK_COUNT);
                    return null;
                }
                if (cr + 1 >= end) return null;
                if (buf[pos] != '$') {
                    throw new ProtocolException(Errors.protoExpectedDollar((char) (buf[pos] & 0xff)));
                }
                Long ll = parse(pos + 1, cr);
                if (ll == null || ll < 0 || ll > maxBulkLen) throw new ProtocolException(Errors.PROTO_INVALID_BULK_LEN);
                if (ll > 16384 && authRequired) throw new ProtocolException(Errors.PROTO_UNAUTH_BULK_LEN);
                pos = cr + 2;
                bulkLen = ll;
                if (bulkLen >= BIG_ARG && end - pos < bulkLen + 2) {
                    bigArg = new byte[(int) bulkLen];
                    int take = (int) Math.min(end - pos, bulkLen);
                    System.arraycopy(buf, pos, bigArg, 0, take);
                    bigArgFill = take;
                    pos += take;
                    continue;
                }
            }
            if (end - pos < bulkLen + 2) return null;
            addArg(Arrays.copyOfRange(buf, pos, pos + (int) bulkLen));
            pos += (int) bulkLen + 2;
            bulkLen = -1;
        }
        byte[][] out = argc == args.length ? args : Arrays.copyOf(args, argc);
        args = null;
        argc = 0;
        return out;
    }

    private void addArg(byte[] a) {
        if (argc == args.length) args = Arrays.copyOf(args, Math.min(args.length * 2, argc + multibulkLen));
        args[argc++] = a;
        multibulkLen--;
    }

    private Long parse(int from, int to) {
        return dev.emredis.internal.util.Num.parseLong(Arrays.copyOfRange(buf, from, to));
    }

    private byte[][] readInline() throws ProtocolException {
        int nl = -1;
        for (int i = pos; i < end; i++) {
            if (buf[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            if (end - pos > INLINE_MAX) throw new ProtocolException(Errors.PROTO_BIG_INLINE);
            return null;
        }
        int lineEnd = nl;
        if (lineEnd > pos && buf[lineEnd - 1] == '\r') lineEnd--;
        byte[] line = Arrays.copyOfRange(buf, pos, lineEnd);
        pos = nl + 1;
        List<byte[]> parts = splitArgs(line);
        if (parts == null) throw new ProtocolException(Errors.PROTO_UNBALANCED_QUOTES);
        return parts.toArray(new byte[0][]);
    }

    /** Redis's sdssplitargs: spaces separate, "..." with escapes, '...' with \' only. */
    public static List<byte[]> splitArgs(byte[] line) {
        List<byte[]> out = new ArrayList<>();
        int i = 0;
        int n = line.length;
        while (true) {
            while (i < n && isSpace(line[i])) i++;
            if (i >= n) return out;
            java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
            boolean inq = false;
            boolean insq = false;
            boolean done = false;
            while (!done) {
                if (inq) {
                    if (i >= n) return null;
                    if (line[i] == '\\' && i + 3 < n && line[i + 1] == 'x' && isHex(line[i + 2]) && isHex(line[i + 3])) {
                        cur.write(Character.digit(line[i + 2], 16) * 16 + Character.digit(line[i + 3], 16));
                        i += 3;
                    } else if (line[i] == '\\' && i + 1 < n) {
                        i++;
                        byte c = line[i];
                        switch (c) {
                            case 'n': c = '\n'; break;
                            case 'r': c = '\r'; break;
                            case 't': c = '\t'; break;
                            case 'b': c = '\b'; break;
                            case 'a': c = 7; break;
                            default: break;
                        }
                        cur.write(c);
                    } else if (line[i] == '"') {
                        if (i + 1 < n && !isSpace(line[i + 1])) return null;
                        done = true;
                    } else {
                        cur.write(line[i]);
                    }
                } else if (insq) {
                    if (i >= n) return null;
                    if (line[i] == '\\' && i + 1 < n && line[i + 1] == '\'') {
                        i++;
                        cur.write('\'');
                    } else if (line[i] == '\'') {
                        if (i + 1 < n && !isSpace(line[i + 1])) return null;
                        done = true;
                    } else {
                        cur.write(line[i]);
                    }
                } else {
                    if (i >= n) {
                        done = true;
                        break;
                    }
                    byte c = line[i];
                    if (isSpace(c)) {
                        done = true;
                    } else if (c == '"') {
                        inq = true;
                    } else if (c == '\'') {
                        insq = true;
                    } else {
                        cur.write(c);
                    }
                }
                if (i < n) i++;
            }
            out.add(cur.toByteArray());
        }
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f' || c == 0;
    }

    private static boolean isHex(byte c) {
        return Character.digit(c, 16) >= 0;
    }
}

package dev.emredis.js;

import dev.emredis.internal.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A RESP3 reply sink that builds Java values instead of bytes, for client.call: commands run
 * from JS always answer in RESP3 (maps, sets, doubles...), whatever the caller's protocol.
 * Shared pre-encoded replies ({@link #raw}) are parsed back into values.
 */
final class ReplyCapture implements ReplySink {
    record Status(String text) { }
    record Err(String text) { }
    record Verbatim(String format, byte[] text) { }
    record BigNumber(String digits) { }
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** An aggregate being filled: kind is "array", "map", "set" or "push". */
    static final class Agg {
        final String kind;
        final List<Object> items;
        final int expected;

        Agg(String kind, int expected) {
            this.kind = kind;
            this.expected = expected;
            this.items = new ArrayList<>(Math.max(0, expected));
        }
    }

    private final Deque<Agg> open = new ArrayDeque<>();
    private final List<Object> roots = new ArrayList<>();

    /** The first complete reply. */
    Object result() {
        return roots.isEmpty() ? NULL : roots.get(0);
    }

    private void add(Object v) {
        while (true) {
            Agg top = open.peek();
            if (top == null) {
                roots.add(v);
                return;
            }
            top.items.add(v);
            if (top.items.size() < top.expected) return;
            open.pop();
            v = top;
        }
    }

    private void agg(String kind, int n) {
        int expected = kind.equals("map") ? 2 * n : n;
        Agg a = new Agg(kind, expected);
        if (expected == 0) add(a);
        else open.push(a);
    }

    @Override
    public int protocol() {
        return 3;
    }

    @Override
    public void simple(String s) {
        add(new Status(s));
    }

    @Override
    public void error(String fullMessage) {
        add(new Err(fullMessage));
    }

    @Override
    public void integer(long v) {
        add(v);
    }

    @Override
    public void bulk(byte[] b) {
        add(b.clone());
    }

    @Override
    public void bulk(byte[] b, int off, int len) {
        add(java.util.Arrays.copyOfRange(b, off, off + len));
    }

    @Override
    public void nullBulk() {
        add(NULL);
    }

    @Override
    public void nullArray() {
        add(NULL);
    }

    @Override
    public void array(int n) {
        if (n < 0) add(NULL);
        else agg("array", n);
    }

    @Override
    public void map(int n) {
        agg("map", n);
    }

    @Override
    public void set(int n) {
        agg("set", n);
    }

    @Override
    public void push(int n) {
        agg("push", n);
    }

    @Override
    public void dbl(double d) {
        add(d);
    }

    @Override
    public void bool(boolean b) {
        add(b);
    }

    @Override
    public void verbatim(String format, byte[] text) {
        add(new Verbatim(format, text.clone()));
    }

    @Override
    public void bigNumber(String digits) {
        add(new BigNumber(digits));
    }

    @Override
    public void raw(byte[] encoded) {
        int[] pos = {0};
        while (pos[0] < encoded.length) parseOne(encoded, pos);
    }

    /** Reads one RESP3 value from pre-encoded bytes and feeds it to this sink. */
    private void parseOne(byte[] b, int[] pos) {
        char type = (char) b[pos[0]];
        int eol = pos[0];
        while (b[eol] != '\r') eol++;
        String line = new String(b, pos[0] + 1, eol - pos[0] - 1, StandardCharsets.UTF_8);
        pos[0] = eol + 2;
        switch (type) {
            case '+': simple(line); break;
            case '-': error(line); break;
            case ':': integer(Long.parseLong(line)); break;
            case '_': nullBulk(); break;
            case '#': bool(line.equals("t")); break;
            case ',': dbl(parseDouble(line)); break;
            case '(': bigNumber(line); break;
            case '$':
            case '=':
            case '!': {
                int len = Integer.parseInt(line);
                if (len < 0) {
                    nullBulk();
                    break;
                }
                byte[] data = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
                pos[0] += len + 2;
                if (type == '$') bulk(data);
                else if (type == '!') error(new String(data, StandardCharsets.UTF_8));
                else verbatim(new String(data, 0, 3, StandardCharsets.US_ASCII), java.util.Arrays.copyOfRange(data, 4, data.length));
                break;
            }
            case '*':
            case '~':
            case '%':
            case '>': {
                int n = Integer.parseInt(line);
                if (n < 0) {
                    nullArray();
                    break;
                }
                if (type == '*') array(n);
                else if (type == '~') set(n);
                else if (type == '%') map(n);
                else push(n);
                int items = type == '%' ? 2 * n : n;
                for (int i = 0; i < items; i++) parseOne(b, pos);
                break;
            }
            default:
                throw new IllegalStateException("unexpected RESP type " + type);
        }
    }

    private static double parseDouble(String s) {
        switch (s) {
            case "inf": return Double.POSITIVE_INFINITY;
            case "-inf": return Double.NEGATIVE_INFINITY;
            case "nan": return Double.NaN;
            default: return Double.parseDouble(s);
        }
    }
}

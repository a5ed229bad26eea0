package dev.emredis.lua;

import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.util.Num;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The debugger's "<reply> ..." text of a command run while stepping (ldbRedisProtocolToHuman):
 * integers as digits, bulk strings quoted, status and error replies quoted with their +/-, null
 * as NULL (RESP2) or (null) (RESP3), arrays as [a,b], RESP3 maps as {k => v,...}, sets as
 * ~(a,b), booleans as #true/#false, doubles as "(double) 1.5". It receives the same reply calls
 * as the script's {@link LuaReplySink} (see {@link Tee}).
 */
final class LdbReplyText implements ReplySink {
    private final int resp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ArrayDeque<int[]> stack = new ArrayDeque<>(); // {remaining, isMap, keyNext, close}

    LdbReplyText(int resp) {
        this.resp = resp;
    }

    byte[] text() {
        return out.toByteArray();
    }

    private void write(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** An element is complete: its separator, and the end of the aggregates it completes. */
    private void done() {
        int[] f = stack.peek();
        if (f == null) return;
        f[0]--;
        if (f[1] == 1 && f[2] == 1) {
            write(" => ");
            f[2] = 0;
            return;
        }
        if (f[1] == 1) f[2] = 1;
        if (f[0] > 0) {
            write(",");
            return;
        }
        write(Character.toString((char) f[3]));
        stack.pop();
        done();
    }

    private void open(String open, char close, int elements, boolean map) {
        write(open);
        if (elements == 0) {
            write(Character.toString(close));
            done();
            return;
        }
        stack.push(new int[] {elements, map ? 1 : 0, map ? 1 : 0, close});
    }

    @Override
    public int protocol() {
        return resp;
    }

    @Override
    public void simple(String s) {
        Ldb.catRepr(out, ("+" + s).getBytes(StandardCharsets.UTF_8));
        done();
    }

    @Override
    public void error(String fullMessage) {
        Ldb.catRepr(out, ("-" + fullMessage).getBytes(StandardCharsets.UTF_8));
        done();
    }

    @Override
    public void integer(long v) {
        write(Long.toString(v));
        done();
    }

    @Override
    public void bulk(byte[] b) {
        bulk(b, 0, b.length);
    }

    @Override
    public void bulk(byte[] b, int off, int len) {
        Ldb.catRepr(out, java.util.Arrays.copyOfRange(b, off, off + len));
        done();
    }

    @Override
    public void nullBulk() {
        write(resp == 2 ? "NULL" : "(null)");
        done();
    }

    @Override
    public void nullArray() {
        nullBulk();
    }

    @Override
    public void array(int n) {
        open("[", ']', n, false);
    }

    @Override
    public void map(int n) {
        if (resp == 2) open("[", ']', 2 * n, false);
        else open("{", '}', 2 * n, true);
    }

    @Override
    public void set(int n) {
        if (resp == 2) open("[", ']', n, false);
        else open("~(", ')', n, false);
    }

    @Override
    public void push(int n) {
        array(n);
    }

    @Override
    public void dbl(double d) {
        String s = Double.isNaN(d) ? "nan" : Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : Num.g17(d);
        if (resp == 2) {
            bulk(s.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        write("(double) " + s);
        done();
    }

    @Override
    public void bool(boolean b) {
        if (resp == 2) {
            integer(b ? 1 : 0);
            return;
        }
        write(b ? "#true" : "#false");
        done();
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (resp == 2) {
            bulk(text);
            return;
        }
        // Redis's converter has no case for verbatim strings: nothing is shown
        done();
    }

    @Override
    public void bigNumber(String digits) {
        if (resp == 2) {
            bulk(digits.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        done();
    }

    @Override
    public void raw(byte[] encoded) {
        done();
    }

    /** Sends every reply call to two sinks (the script's value and the debugger's text). */
    static final class Tee implements ReplySink {
        private final ReplySink a;
        private final ReplySink b;

        Tee(ReplySink a, ReplySink b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public int protocol() {
            return a.protocol();
        }

        @Override
        public void simple(String s) {
            a.simple(s);
            b.simple(s);
        }

        @Override
        public void error(String fullMessage) {
            a.error(fullMessage);
            b.error(fullMessage);
        }

        @Override
        public void integer(long v) {
            a.integer(v);
            b.integer(v);
        }

        @Override
        public void bulk(byte[] x) {
            a.bulk(x);
            b.bulk(x);
        }

        @Override
        public void bulk(byte[] x, int off, int len) {
            a.bulk(x, off, len);
            b.bulk(x, off, len);
        }

        @Override
        public void nullBulk() {
            a.nullBulk();
            b.nullBulk();
        }

        @Override
        public void nullArray() {
            a.nullArray();
            b.nullArray();
        }

        @Override
        public void array(int n) {
            a.array(n);
            b.array(n);
        }

        @Override
        public void map(int n) {
            a.map(n);
            b.map(n);
        }

        @Override
        public void set(int n) {
            a.set(n);
            b.set(n);
        }

        @Override
        public void push(int n) {
            a.push(n);
            b.push(n);
        }

        @Override
        public void dbl(double d) {
            a.dbl(d);
            b.dbl(d);
        }

        @Override
        public void bool(boolean x) {
            a.bool(x);
            b.bool(x);
        }

        @Override
        public void verbatim(String format, byte[] text) {
            a.verbatim(format, text);
            b.verbatim(format, text);
        }

        @Override
        public void bigNumber(String digits) {
            a.bigNumber(digits);
            b.bigNumber(digits);
        }

        @Override
        public void raw(byte[] encoded) {
            a.raw(encoded);
            b.raw(encoded);
        }
    }
}

package dev.emredis.lua;

import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.util.Num;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The reply of a command run by redis.call, built as a Lua value instead of bytes (spec §6.1).
 * In RESP2 mode the RESP3-only types arrive as their RESP2 forms (map → flat array, double →
 * bulk, boolean → integer, null → false); in RESP3 mode they become Redis's typed tables
 * ({map=...}, {set=...}, {double=...}, {big_number=...}, {verbatim_string=...}) and null is nil.
 * Status replies are {ok=...}, errors {err=...}.
 */
final class LuaReplySink implements ReplySink {
    private static final LuaString OK = LuaString.valueOf("ok");
    private static final LuaString ERR = LuaString.valueOf("err");

    private final int resp;
    private final ArrayDeque<Frame> stack = new ArrayDeque<>();
    private LuaValue result = LuaValue.NIL;
    private boolean resultIsError;

    private static final int ARRAY = 0;
    private static final int MAP = 1;
    private static final int SET = 2;

    private static final class Frame {
        final LuaTable table;
        final int kind;
        int remaining;
        int index = 1;
        LuaValue key;

        Frame(LuaTable table, int kind, int remaining) {
            this.table = table;
            this.kind = kind;
            this.remaining = remaining;
        }
    }

    LuaReplySink(int resp) {
        this.resp = resp;
    }

    LuaValue result() {
        return result;
    }

    /** True when the whole reply is an error (redis.call raises it). */
    boolean isError() {
        return resultIsError;
    }

    private void value(LuaValue v) {
        Frame f = stack.peek();
        if (f == null) {
            result = v;
            return;
        }
        switch (f.kind) {
            case ARRAY:
                f.table.rawset(f.index++, v);
                break;
            case MAP:
                if (f.key == null) {
                    f.key = v;
                } else {
                    if (!f.key.isnil()) f.table.rawset(f.key, v);
                    f.key = null;
                }
                break;
            default:
                if (!v.isnil()) f.table.rawset(v, LuaValue.TRUE);
        }
        if (--f.remaining == 0) {
            stack.pop();
            complete();
        }
    }

    /** An aggregate just received its last element (or had none): it becomes a value of its parent. */
    private void complete() {
        Frame f = stack.peek();
        if (f != null && f.remaining == 0) {
            stack.pop();
            complete();
        }
    }

    private void aggregate(int kind, int n, String wrapper) {
        LuaTable inner = new LuaTable();
        LuaValue v = inner;
        if (wrapper != null) {
            LuaTable outer = new LuaTable();
            outer.rawset(wrapper, inner);
            v = outer;
        }
        if (n == 0) {
            value(v);
            return;
        }
        value(v);
        // value() counted the aggregate as an element of its parent; now fill it.
        stack.push(new Frame(inner, kind, kind == MAP ? 2 * n : n));
    }

    @Override
    public int protocol() {
        return resp;
    }

    @Override
    public void simple(String s) {
        LuaTable t = new LuaTable();
        t.rawset(OK, LuaValue.valueOf(s));
        value(t);
    }

    @Override
    public void error(String fullMessage) {
        LuaTable t = ScriptError.errorTable(fullMessage);
        if (stack.isEmpty()) resultIsError = true;
        value(t);
    }

    @Override
    public void integer(long v) {
        value(LuaValue.valueOf((double) v));
    }

    @Override
    public void bulk(byte[] b) {
        bulk(b, 0, b.length);
    }

    @Override
    public void bulk(byte[] b, int off, int len) {
        value(LuaString.valueUsing(Arrays.copyOfRange(b, off, off + len)));
    }

    @Override
    public void nullBulk() {
        value(resp == 2 ? LuaValue.FALSE : LuaValue.NIL);
    }

    @Override
    public void nullArray() {
        nullBulk();
    }

    @Override
    public void array(int n) {
        aggregate(ARRAY, n, null);
    }

    @Override
    public void map(int n) {
        if (resp == 2) aggregate(ARRAY, 2 * n, null);
        else aggregate(MAP, n, "map");
    }

    @Override
    public void set(int n) {
        if (resp == 2) aggregate(ARRAY, n, null);
        else aggregate(SET, n, "set");
    }

    @Override
    public void push(int n) {
        aggregate(ARRAY, n, null);
    }

    @Override
    public void dbl(double d) {
        if (resp == 2) {
            bulk(Num.g17(d).getBytes(StandardCharsets.US_ASCII));
            return;
        }
        LuaTable t = new LuaTable();
        t.rawset("double", LuaValue.valueOf(d));
        value(t);
    }

    @Override
    public void bool(boolean b) {
        if (resp == 2) value(LuaValue.valueOf(b ? 1 : 0));
        else value(LuaValue.valueOf(b));
    }

    @Override
    public void verbatim(String format, byte[] text) {
        if (resp == 2) {
            bulk(text);
            return;
        }
        LuaTable v = new LuaTable();
        v.rawset("format", LuaValue.valueOf(format));
        v.rawset("string", LuaString.valueUsing(text.clone()));
        LuaTable t = new LuaTable();
        t.rawset("verbatim_string", v);
        value(t);
    }

    @Override
    public void bigNumber(String digits) {
        if (resp == 2) {
            bulk(digits.getBytes(StandardCharsets.US_ASCII));
            return;
        }
        LuaTable t = new LuaTable();
        t.rawset("big_number", LuaValue.valueOf(digits));
        value(t);
    }

    @Override
    public void raw(byte[] encoded) {
        // Only DEBUG (not callable from scripts) and CLIENT REPLY bookkeeping write raw bytes.
        value(LuaValue.NIL);
    }
}

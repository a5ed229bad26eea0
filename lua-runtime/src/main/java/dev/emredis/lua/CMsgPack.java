package dev.emredis.lua;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code cmsgpack} library Redis embeds (lua-cmsgpack 0.4.0): MessagePack encoding of Lua
 * values (integral numbers in the smallest integer form, others as float 32 when exact, else
 * float 64; tables with keys 1..n as arrays, others as maps; nesting past 16 levels as nil).
 */
final class CMsgPack {
    private CMsgPack() {}

    private static final int MAX_NESTING = 16;

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("_NAME", LuaValue.valueOf("cmsgpack"));
        t.rawset("_VERSION", LuaValue.valueOf("lua-cmsgpack 0.4.0"));
        t.rawset("_COPYRIGHT", LuaValue.valueOf("Copyright (C) 2012, Salvatore Sanfilippo"));
        t.rawset("_DESCRIPTION", LuaValue.valueOf("MessagePack C implementation for Lua"));
        t.rawset("pack", new Fn("pack", a -> {
            if (a.narg() == 0) throw Fn.argError(0, "pack", "MessagePack pack needs input.");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 1; i <= a.narg(); i++) encode(out, a.arg(i), 0);
            return LuaString.valueUsing(out.toByteArray());
        }));
        t.rawset("unpack", new Fn("unpack", a -> unpack(a, "unpack", 0, 0, false)));
        t.rawset("unpack_one", new Fn("unpack_one", a -> unpack(a, "unpack_one", 1, (int) Args.optNumber(a, 2, "unpack_one", 0), true)));
        t.rawset("unpack_limit", new Fn("unpack_limit",
                a -> unpack(a, "unpack_limit", (int) Args.optNumber(a, 2, "unpack_limit", 0), (int) Args.optNumber(a, 3, "unpack_limit", 0), true)));
        return t;
    }

    private static void encode(ByteArrayOutputStream out, LuaValue v, int level) {
        switch (v.type()) {
            case LuaValue.TSTRING: {
                byte[] b = Conversions.bytes(v);
                int n = b.length;
                if (n < 32) out.write(0xa0 | n);
                else if (n <= 0xff) { out.write(0xd9); out.write(n); }
                else if (n <= 0xffff) { out.write(0xda); be(out, n, 2); }
                else { out.write(0xdb); be(out, n, 4); }
                out.write(b, 0, n);
                return;
            }
            case LuaValue.TBOOLEAN:
                out.write(v.toboolean() ? 0xc3 : 0xc2);
                return;
            case LuaValue.TNUMBER: {
                double d = v.todouble();
                if (!Double.isInfinite(d) && !Double.isNaN(d) && d == (double) (long) d
                        && d < 9.223372036854775807E18) {
                    integer(out, (long) d);
                } else {
                    float f = (float) d;
                    if ((double) f == d || Double.isNaN(d)) {
                        out.write(0xca);
                        be(out, Float.floatToRawIntBits(f) & 0xffffffffL, 4);
                    } else {
                        out.write(0xcb);
                        be(out, Double.doubleToRawLongBits(d), 8);
                    }
                }
                return;
            }
            case LuaValue.TTABLE:
                if (level < MAX_NESTING) {
                    table(out, (LuaTable) v, level + 1);
                    return;
                }
                out.write(0xc0);
                return;
            default:
                out.write(0xc0);
        }
    }

    private static void integer(ByteArrayOutputStream out, long n) {
        if (n >= 0) {
            if (n < 128) out.write((int) n);
            else if (n <= 0xff) { out.write(0xcc); out.write((int) n); }
            else if (n <= 0xffff) { out.write(0xcd); be(out, n, 2); }
            else if (n <= 0xffffffffL) { out.write(0xce); be(out, n, 4); }
            else { out.write(0xcf); be(out, n, 8); }
        } else {
            if (n >= -32) out.write((int) (n & 0xff));
            else if (n >= -128) { out.write(0xd0); out.write((int) (n & 0xff)); }
            else if (n >= -32768) { out.write(0xd1); be(out, n, 2); }
            else if (n >= -2147483648L) { out.write(0xd2); be(out, n, 4); }
            else { out.write(0xd3); be(out, n, 8); }
        }
    }

    private static void be(ByteArrayOutputStream out, long v, int size) {
        for (int k = size - 1; k >= 0; k--) out.write((int) (v >>> (8 * k)) & 0xff);
    }

    /** lua-cmsgpack's array test: every key a positive integer and keys exactly 1..count. */
    private static void table(ByteArrayOutputStream out, LuaTable t, int level) {
        long max = 0;
        long count = 0;
        boolean array = true;
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            LuaValue k = e.arg1();
            count++;
            if (array && k.type() == LuaValue.TNUMBER && k.todouble() >= 1 && k.todouble() == Math.floor(k.todouble())) {
                max = Math.max(max, (long) k.todouble());
            } else {
                array = false;
            }
        }
        if (array && max == count) {
            int n = (int) count;
            if (n < 16) out.write(0x90 | n);
            else if (n <= 0xffff) { out.write(0xdc); be(out, n, 2); }
            else { out.write(0xdd); be(out, n, 4); }
            for (int i = 1; i <= n; i++) encode(out, t.rawget(i), level);
            return;
        }
        int n = (int) count;
        if (n < 16) out.write(0x80 | n);
        else if (n <= 0xffff) { out.write(0xde); be(out, n, 2); }
        else { out.write(0xdf); be(out, n, 4); }
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            encode(out, e.arg1(), level);
            encode(out, e.arg(2), level);
        }
    }

    /** Thrown for truncated input: lua-cmsgpack's "Missing bytes in input." */
    private static final class Missing extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Missing() {
            super(null, null, false, false);
        }
    }

    private static final class Reader {
        final byte[] s;
        int i;

        Reader(byte[] s, int i) {
            this.s = s;
            this.i = i;
        }

        int u8() {
            if (i >= s.length) throw new Missing();
            return s[i++] & 0xff;
        }

        long be(int n) {
            if (i + n > s.length) throw new Missing();
            long v = 0;
            for (int k = 0; k < n; k++) v = (v << 8) | (s[i++] & 0xff);
            return v;
        }

        LuaValue bytes(long n) {
            if (n < 0 || i + n > s.length) throw new Missing();
            LuaValue v = LuaString.valueUsing(java.util.Arrays.copyOfRange(s, i, i + (int) n));
            i += (int) n;
            return v;
        }

        LuaValue value() {
            int c = u8();
            if (c <= 0x7f) return LuaValue.valueOf(c);
            if (c >= 0xe0) return LuaValue.valueOf(c - 256);
            if ((c & 0xf0) == 0x80) return map(c & 0x0f);
            if ((c & 0xf0) == 0x90) return array(c & 0x0f);
            if ((c & 0xe0) == 0xa0) return bytes(c & 0x1f);
            switch (c) {
                case 0xc0: return LuaValue.NIL;
                case 0xc2: return LuaValue.FALSE;
                case 0xc3: return LuaValue.TRUE;
                case 0xc4: case 0xd9: return bytes(be(1));
                case 0xc5: case 0xda: return bytes(be(2));
                case 0xc6: case 0xdb: return bytes(be(4));
                case 0xca: return LuaValue.valueOf(Float.intBitsToFloat((int) be(4)));
                case 0xcb: return LuaValue.valueOf(Double.longBitsToDouble(be(8)));
                case 0xcc: return LuaValue.valueOf(be(1));
                case 0xcd: return LuaValue.valueOf(be(2));
                case 0xce: return LuaValue.valueOf(be(4));
                case 0xcf: {
                    long v = be(8);
                    return LuaValue.valueOf(v >= 0 ? (double) v : (double) (v >>> 1) * 2 + (v & 1));
                }
                case 0xd0: return LuaValue.valueOf((byte) be(1));
                case 0xd1: return LuaValue.valueOf((short) be(2));
                case 0xd2: return LuaValue.valueOf((int) be(4));
                case 0xd3: return LuaValue.valueOf((double) be(8));
                case 0xdc: return array(be(2));
                case 0xdd: return array(be(4));
                case 0xde: return map(be(2));
                case 0xdf: return map(be(4));
                default:
                    throw ScriptError.positioned("Bad data format in input.");
            }
        }

        LuaValue array(long n) {
            LuaTable t = new LuaTable();
            for (int k = 1; k <= n; k++) t.rawset(k, value());
            return t;
        }

        LuaValue map(long n) {
            LuaTable t = new LuaTable();
            for (long k = 0; k < n; k++) {
                LuaValue key = value();
                LuaValue val = value();
                if (!key.isnil()) t.rawset(key, val);
            }
            return t;
        }
    }

    /**
     * unpack decodes every object; unpack_one/unpack_limit decode at most {@code limit} objects
     * from {@code offset} and return the offset to continue from (-1 at the end) first.
     */
    private static Varargs unpack(Varargs a, String fname, int limit, int offset, boolean withOffset) {
        byte[] s = Conversions.bytes(Args.string(a, 1, fname));
        if (offset < 0 || limit < 0) {
            throw ScriptError.positioned("Invalid request to unpack with offset of " + offset + " and limit of " + limit + ".");
        }
        if (offset > s.length) return LuaValue.NONE;
        Reader r = new Reader(s, offset);
        List<LuaValue> out = new ArrayList<>();
        try {
            while (r.i < s.length && (limit == 0 || out.size() < limit)) out.add(r.value());
        } catch (Missing m) {
            throw ScriptError.positioned("Missing bytes in input.");
        }
        if (withOffset) out.add(0, LuaValue.valueOf(r.i < s.length ? r.i : -1));
        return LuaValue.varargsOf(out.toArray(new LuaValue[0]));
    }
}

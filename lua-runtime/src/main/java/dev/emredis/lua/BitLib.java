package dev.emredis.lua;

import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The {@code bit} library Redis embeds (LuaBitOp): operations on 32-bit integers whose results
 * are signed 32-bit numbers; arguments are normalised as LuaBitOp does (rounded, modulo 2^32).
 */
final class BitLib {
    private BitLib() {}

    interface IntOp {
        int apply(int a, int b);
    }

    static LuaTable create() {
        LuaTable t = new LuaTable();
        t.rawset("tobit", new Fn("tobit", a -> LuaValue.valueOf(bit(a, 1, "tobit"))));
        t.rawset("bnot", new Fn("bnot", a -> LuaValue.valueOf(~bit(a, 1, "bnot"))));
        t.rawset("band", fold("band", (x, y) -> x & y));
        t.rawset("bor", fold("bor", (x, y) -> x | y));
        t.rawset("bxor", fold("bxor", (x, y) -> x ^ y));
        t.rawset("lshift", shift("lshift", (x, n) -> x << n));
        t.rawset("rshift", shift("rshift", (x, n) -> x >>> n));
        t.rawset("arshift", shift("arshift", (x, n) -> x >> n));
        t.rawset("rol", shift("rol", Integer::rotateLeft));
        t.rawset("ror", shift("ror", Integer::rotateRight));
        t.rawset("bswap", new Fn("bswap", a -> LuaValue.valueOf(Integer.reverseBytes(bit(a, 1, "bswap")))));
        t.rawset("tohex", new Fn("tohex", a -> {
            int x = bit(a, 1, "tohex");
            int n = a.arg(2).isnil() ? 8 : bit(a, 2, "tohex");
            boolean upper = n < 0;
            if (upper) n = -n;
            if (n > 8) n = 8;
            String digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
            char[] out = new char[n];
            for (int i = n - 1; i >= 0; i--) {
                out[i] = digits.charAt(x & 15);
                x >>>= 4;
            }
            return LuaValue.valueOf(new String(out));
        }));
        return t;
    }

    /** LuaBitOp's normalisation: round to the nearest integer (ties to even), keep the low 32 bits. */
    static int bit(Varargs a, int i, String fname) {
        double d = Args.number(a, i, fname);
        return (int) (long) Math.rint(d);
    }

    private static Fn fold(String name, IntOp op) {
        return new Fn(name, a -> {
            int r = bit(a, 1, name);
            for (int i = 2; i <= a.narg(); i++) r = op.apply(r, bit(a, i, name));
            return LuaValue.valueOf(r);
        });
    }

    private static Fn shift(String name, IntOp op) {
        return new Fn(name, a -> {
            int x = bit(a, 1, name);
            int n = bit(a, 2, name) & 31;
            return LuaValue.valueOf(op.apply(x, n));
        });
    }

    static Varargs none() {
        return LuaValue.NONE;
    }
}

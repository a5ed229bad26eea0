package dev.emredis.lua;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Redis's replacement for math.random/math.randomseed (spec §7.6): a 48-bit linear
 * congruential generator (the drand48 family) that gives every platform the same sequence.
 * One state per server, started at Redis's fixed seed and not reset by SCRIPT FLUSH.
 */
final class LuaRandom {
    private static final long MASK = (1L << 48) - 1;
    private long x = 0x1234ABCD330EL;

    private int next31() {
        x = (x * 0x5DEECE66DL + 0xB) & MASK;
        return (int) (x >>> 17);
    }

    void seed(int n) {
        x = (((long) n) << 16 | 0x330E) & MASK;
    }

    Varargs random(Varargs a) {
        double r = (next31() % 2147483647) / 2147483647.0;
        switch (a.narg()) {
            case 0:
                return LuaValue.valueOf(r);
            case 1: {
                int u = (int) a.checkdouble(1);
                if (u < 1) throw Fn.argError(1, "random", "interval is empty");
                return LuaValue.valueOf(Math.floor(r * u) + 1);
            }
            case 2: {
                int l = (int) a.checkdouble(1);
                int u = (int) a.checkdouble(2);
                if (l > u) throw Fn.argError(2, "random", "interval is empty");
                return LuaValue.valueOf(Math.floor(r * (u - l + 1)) + l);
            }
            default:
                throw ScriptError.positioned("wrong number of arguments");
        }
    }

    Varargs randomseed(Varargs a) {
        seed((int) (long) a.checkdouble(1));
        return LuaValue.NONE;
    }
}

package dev.emredis.lua;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.BaseLib;
import org.luaj.vm2.lib.CoroutineLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * Builds the global environment of Redis's Lua 5.1 sandbox on LuaJ (a Lua 5.2 VM): exactly the
 * globals and library members Redis exposes (spec §7.1/§7.2), the Lua 5.1 names LuaJ lacks
 * (unpack, loadstring, gcinfo, table.getn...), Redis's replacements (pcall, math.random), and
 * the protection of §7.3: the global table and every library table are read-only, and reading
 * an unknown global raises.
 */
final class Sandbox {
    private Sandbox() {}

    /** Names LuaJ defines that Redis's Lua does not have. */
    private static final String[] REMOVED_GLOBALS = {"dofile", "loadfile", "print", "rawlen", "require", "package", "module"};

    /** The globals of EVAL scripts ({@code functions} false) or of the Functions state. */
    static SandboxGlobals build(LuaEngine engine, boolean functions) {
        SandboxGlobals g = functions ? new FunctionGlobals() : new SandboxGlobals();
        g.load(new BaseLib());
        g.load(new PackageLib());
        g.load(new TableLib());
        g.load(new StringLib());
        g.load(new JseMathLib());
        g.load(new CoroutineLib());
        LoadState.install(g);
        LuaC.install(g);
        for (String n : REMOVED_GLOBALS) g.rawset(n, LuaValue.NIL);
        g.rawset("_VERSION", LuaValue.valueOf("Lua 5.1"));
        baseFunctions(g);
        LuaTable table = (LuaTable) g.rawget("table");
        // lua_checkstack: a C function's stack holds its arguments plus at most 8000 values
        // (LUAI_MAXCSTACK) in all, so unpack refuses more results than fit
        LuaValue unpack = table.rawget("unpack");
        g.rawset("unpack", new Fn("unpack", a -> {
            LuaTable t = a.checktable(1);
            int i = a.optint(2, 1);
            int e = a.isnoneornil(3) ? t.length() : a.checkint(3);
            if (i > e) return LuaValue.NONE;
            long n = (long) e - i + 1;
            if (n >= Integer.MAX_VALUE || n + a.narg() > MAX_C_STACK) throw ScriptError.positioned("too many results to unpack");
            return unpack.invoke(a);
        }));
        tableFunctions(table);
        stringFunctions((LuaTable) g.rawget("string"));
        // the script itself runs inside a C call (lua_pcall from Redis): yielding there fails so
        LuaTable co = (LuaTable) g.rawget("coroutine");
        LuaValue yield = co.rawget("yield");
        co.rawset("yield", new Fn("yield", a -> {
            if (g.running.isMainThread()) throw ScriptError.plain("attempt to yield across metamethod/C-call boundary");
            return yield.invoke(a);
        }));
        mathFunctions((LuaTable) g.rawget("math"), engine.random());
        g.rawset("redis", RedisLib.create(engine, !functions));
        g.rawset("bit", BitLib.create());
        g.rawset("struct", StructLib.create());
        g.rawset("cjson", CJson.create());
        g.rawset("cmsgpack", CMsgPack.create());
        // Redis's error handler global (it runs as the message handler of every script call).
        if (!functions) g.rawset("__redis__err__handler", new Fn("__redis__err__handler", a -> a.arg1()));
        // LuaJ's own functions get C Lua's argument error texts.
        for (String lib : new String[] {"string", "table", "math", "coroutine"}) wrapFunctions((LuaTable) g.rawget(lib));
        for (String f : new String[] {"assert", "collectgarbage", "getmetatable", "ipairs", "next", "pairs", "rawequal",
                "rawget", "select", "tonumber", "tostring", "type", "unpack"}) {
            g.rawset(f, Fn.wrap(f, g.rawget(f)));
        }
        // Base 10 reads strings as C Lua does, with strtod (CNumber); other bases stay LuaJ's.
        LuaValue tonumber = g.rawget("tonumber");
        g.rawset("tonumber", new Fn("tonumber", a -> {
            if (a.arg1().type() == LuaValue.TSTRING && (a.isnoneornil(2) || a.arg(2).todouble() == 10)) {
                Double d = CNumber.str2d(Conversions.bytes(a.arg1()));
                return d == null ? LuaValue.NIL : LuaValue.valueOf(d);
            }
            return tonumber.invoke(a);
        }));
        // Every table reachable from the globals becomes read-only.
        for (Varargs e = g.next(LuaValue.NIL); !e.arg1().isnil(); e = g.next(e.arg1())) {
            if (e.arg(2).istable() && e.arg(2) != g) g.rawset(e.arg1(), readOnly((LuaTable) e.arg(2)));
        }
        ReadOnlyTable string = (ReadOnlyTable) g.rawget("string");
        if (!(LuaString.s_metatable instanceof ReadOnlyTable)
                || ((ReadOnlyTable) LuaString.s_metatable).rawget(LuaValue.INDEX) == LuaValue.NIL) {
            ReadOnlyTable mt = new ReadOnlyTable();
            mt.rawset(LuaValue.INDEX, string);
            LuaString.s_metatable = mt.freeze();
        }
        ReadOnlyTable meta = new ReadOnlyTable();
        meta.rawset(LuaValue.INDEX, new Fn("__index", a -> {
            throw SandboxGlobals.nonexistent(a.arg(2));
        }));
        g.setmetatable(meta.freeze());
        if (functions) ((FunctionGlobals) g).loadRedis = RedisLib.createForLoad(engine);
        g.protect();
        return g;
    }

    private static void wrapFunctions(LuaTable t) {
        for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
            if (e.arg(2).isfunction() && !(e.arg(2) instanceof Fn)) t.rawset(e.arg1(), Fn.wrap(e.arg1().tojstring(), e.arg(2)));
        }
    }

    static ReadOnlyTable readOnly(LuaTable src) {
        if (src instanceof ReadOnlyTable) return (ReadOnlyTable) src;
        ReadOnlyTable t = new ReadOnlyTable();
        for (Varargs e = src.next(LuaValue.NIL); !e.arg1().isnil(); e = src.next(e.arg1())) {
            LuaValue v = e.arg(2);
            t.rawset(e.arg1(), v.istable() && v != src ? readOnly((LuaTable) v) : v);
        }
        if (src.getmetatable() != null) t.setmetatable(src.getmetatable());
        return t.freeze();
    }

    private static void baseFunctions(SandboxGlobals g) {
        g.rawset("error", new Fn("error", a -> {
            LuaValue msg = a.arg1();
            int level = a.optint(2, 1);
            if (msg.type() == LuaValue.TSTRING || msg.type() == LuaValue.TNUMBER) {
                String text = Conversions.text(msg.tostring());
                LineTracker t = LineTracker.current();
                if (level == 2 && t != null && t.inDirectCall()) throw ScriptError.atCallerOfPcall(text);
                throw level == 1 ? ScriptError.positioned(text) : ScriptError.plain(text);
            }
            throw ScriptError.value(msg);
        }));
        g.rawset("pcall", new Fn("pcall", a -> {
            LuaValue f = a.checkvalue(1);
            // C Lua's call machinery fails inside pcall: caught, and without a position.
            if (!f.isfunction() && f.getmetatable() == null) {
                return LuaValue.varargsOf(LuaValue.FALSE, LuaValue.valueOf("attempt to call a " + f.typename() + " value"));
            }
            // a library function called by pcall itself has no Lua caller: its errors carry no position
            LineTracker t = LineTracker.current();
            int saved = t == null ? -1 : t.enterDirectCall(!(f instanceof org.luaj.vm2.LuaClosure));
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(a.subargs(2)));
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                rethrowIfKilled(e);
                return LuaValue.varargsOf(LuaValue.FALSE, LuaErrors.forPcall(e));
            } finally {
                if (t != null) t.leaveDirectCall(saved);
            }
        }));
        g.rawset("xpcall", new Fn("xpcall", a -> {
            LuaValue f = a.arg1();
            LuaValue handler = a.checkvalue(2);
            try {
                return LuaValue.varargsOf(LuaValue.TRUE, f.invoke(a.subargs(3)));
            } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                rethrowIfKilled(e);
                return LuaValue.varargsOf(LuaValue.FALSE, handler.invoke(LuaErrors.value(e)));
            }
        }));
        g.rawset("rawset", new Fn("rawset", a -> {
            LuaTable t = a.checktable(1);
            LuaValue k = a.checknotnil(2);
            a.checkvalue(3);
            // Raised inside a C function: no position prefix.
            if (ReadOnlyTable.isReadOnly(t)) throw ScriptError.plain(dev.emredis.internal.command.Errors.SCRIPT_READONLY_TABLE);
            t.rawset(k, a.arg(3));
            return t;
        }));
        g.rawset("setmetatable", new Fn("setmetatable", a -> {
            LuaTable t = a.checktable(1);
            LuaValue mt = a.arg(2);
            if (!mt.isnil() && !mt.istable()) throw Fn.argError(2, "setmetatable", "nil or table expected");
            if (ReadOnlyTable.isReadOnly(t)) throw ScriptError.plain(dev.emredis.internal.command.Errors.SCRIPT_READONLY_TABLE);
            LuaValue old = t.getmetatable();
            if (old != null && !old.rawget(LuaValue.METATABLE).isnil()) throw ScriptError.positioned("cannot change a protected metatable");
            t.setmetatable(mt.isnil() ? null : mt);
            return t;
        }));
        g.rawset("loadstring", new Fn("loadstring", a -> {
            LuaString src = a.checkstring(1);
            String chunk = a.optjstring(2, src.tojstring());
            return compileOrMessage(g, Conversions.bytes(src), chunk);
        }));
        g.rawset("load", new Fn("load", a -> {
            // Lua 5.1: load takes a reader function and calls it until it returns nil or "".
            LuaValue reader = a.checkfunction(1);
            String chunk = a.optjstring(2, "=(load)");
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            while (true) {
                LuaValue piece = reader.call();
                if (piece.isnil() || (piece.isstring() && piece.length() == 0)) break;
                if (!piece.isstring()) return LuaValue.varargsOf(LuaValue.NIL, LuaValue.valueOf("reader function must return a string"));
                byte[] b = Conversions.bytes(piece.tostring());
                buf.write(b, 0, b.length);
            }
            return compileOrMessage(g, buf.toByteArray(), chunk);
        }));
        g.rawset("gcinfo", new Fn("gcinfo", a -> {
            Runtime rt = Runtime.getRuntime();
            return LuaValue.valueOf((int) ((rt.totalMemory() - rt.freeMemory()) / 1024));
        }));
    }

    /** A killed script cannot catch its kill (Redis re-raises it on every line). */
    private static void rethrowIfKilled(Throwable e) {
        LineTracker t = LineTracker.current();
        if (t != null && t.killed() != null) throw t.killed();
    }

    /** Compiles text only (Redis refuses binary chunks); on failure returns nil and the message. */
    private static Varargs compileOrMessage(SandboxGlobals g, byte[] code, String chunk) {
        String name = chunk.startsWith("@") || chunk.startsWith("=") ? chunk : chunk;
        try {
            return g.load(new ByteArrayInputStream(code), name, "t", g);
        } catch (LuaError e) {
            // Compile errors are already worded as C Lua does ("[string \"x=\"]:1: ...").
            String m = e.getMessage();
            return LuaValue.varargsOf(LuaValue.NIL, m == null ? LuaValue.NIL : LuaValue.valueOf(m));
        }
    }

    private static void tableFunctions(LuaTable table) {
        table.rawset("pack", LuaValue.NIL);
        table.rawset("unpack", LuaValue.NIL);
        // Lua 5.1's quicksort (equal elements end where Redis puts them)
        table.rawset("sort", new Fn("sort", TableSort::sort));
        // tinsert: two or three arguments, anything else is an error
        LuaValue insert = table.rawget("insert");
        table.rawset("insert", new Fn("insert", a -> {
            a.checktable(1);
            if (a.narg() != 2 && a.narg() != 3) throw ScriptError.positioned("wrong number of arguments to 'insert'");
            return insert.invoke(a);
        }));
        // tconcat: a value that is neither a string nor a number is named with its index
        LuaValue concat = table.rawget("concat");
        table.rawset("concat", new Fn("concat", a -> {
            LuaTable t = a.checktable(1);
            if (!a.isnoneornil(2)) a.checkstring(2);
            int i = a.optint(3, 1);
            int last = a.isnoneornil(4) ? t.length() : a.checkint(4);
            for (int k = i; k <= last; k++) {
                LuaValue v = t.rawget(k);
                if (v.type() != LuaValue.TSTRING && v.type() != LuaValue.TNUMBER) {
                    throw ScriptError.positioned("invalid value (" + v.typename() + ") at index " + k + " in table for 'concat'");
                }
            }
            return concat.invoke(a);
        }));
        table.rawset("getn", new Fn("getn", a -> LuaValue.valueOf(a.checktable(1).length())));
        table.rawset("setn", new Fn("setn", a -> {
            throw ScriptError.positioned("'setn' is obsolete");
        }));
        table.rawset("maxn", new Fn("maxn", a -> {
            LuaTable t = a.checktable(1);
            double max = 0;
            for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                if (e.arg1().type() == LuaValue.TNUMBER && e.arg1().todouble() > max) max = e.arg1().todouble();
            }
            return LuaValue.valueOf(max);
        }));
        table.rawset("foreach", new Fn("foreach", a -> {
            LuaTable t = a.checktable(1);
            LuaValue f = a.checkfunction(2);
            for (Varargs e = t.next(LuaValue.NIL); !e.arg1().isnil(); e = t.next(e.arg1())) {
                LuaValue r = f.call(e.arg1(), e.arg(2));
                if (!r.isnil()) return r;
            }
            return LuaValue.NIL;
        }));
        table.rawset("foreachi", new Fn("foreachi", a -> {
            LuaTable t = a.checktable(1);
            LuaValue f = a.checkfunction(2);
            int n = t.length();
            for (int i = 1; i <= n; i++) {
                LuaValue r = f.call(LuaValue.valueOf(i), t.get(i));
                if (!r.isnil()) return r;
            }
            return LuaValue.NIL;
        }));
    }

    private static Varargs patternCall(LuaValue f, Varargs a, LuaValue pattern) {
        try {
            return f.invoke(a);
        } catch (ArrayIndexOutOfBoundsException e) {
            String p = pattern.isstring() ? pattern.tojstring() : "";
            // LuaJ has no frontier patterns (%f[set]): that failure stays a vm error
            if (p.contains("%f[")) throw e;
            int fr = p.indexOf("%f");
            if (fr >= 0 && (fr + 2 >= p.length() || p.charAt(fr + 2) != '[')) throw ScriptError.positioned("missing '[' after '%f' in pattern");
            if (p.contains("[")) throw ScriptError.positioned("malformed pattern (missing ']')");
            throw e;
        } catch (LuaError e) {
            if (e.getMessage() != null && e.getMessage().endsWith("malformed pattern (missing ])")) {
                throw ScriptError.positioned("malformed pattern (missing ']')");
            }
            throw e;
        }
    }

    /**
     * A replacement string ending in a lone '%': C Lua's add_s reads the terminating NUL after
     * it and adds that; LuaJ would read past the end. An explicit NUL gives C's result.
     */
    private static Varargs gsubArgs(Varargs a) {
        if (a.arg(3).type() != LuaValue.TSTRING) return a;
        byte[] r = Conversions.bytes(a.arg(3));
        int percents = 0;
        for (int i = r.length - 1; i >= 0 && r[i] == '%'; i--) percents++;
        if (percents % 2 == 0) return a;
        byte[] fixed = java.util.Arrays.copyOf(r, r.length + 1);
        return LuaValue.varargsOf(new LuaValue[] {a.arg1(), a.arg(2), LuaString.valueOf(fixed)}, a.subargs(4));
    }

    /** C's frexp: x = m * 2^e with 0.5 <= |m| < 1; zero, inf and NaN come back as they are with e = 0. */
    private static Varargs frexp(double x) {
        if (x == 0 || Double.isNaN(x) || Double.isInfinite(x)) return LuaValue.varargsOf(LuaValue.valueOf(x), LuaValue.valueOf(0));
        int e = Math.getExponent(x);
        if (e == Double.MIN_EXPONENT - 1) e = Math.getExponent(x * 0x1p54) - 54; // subnormal
        double m = Math.scalb(x, -(e + 1));
        return LuaValue.varargsOf(LuaValue.valueOf(m), LuaValue.valueOf(e + 1));
    }

    /** C's ldexp: x * 2^e, exact (with gradual underflow and overflow to inf). */
    private static double ldexp(double x, int e) {
        return Math.scalb(x, e);
    }

    /** LUAI_MAXCSTACK: the values a C function may have on its stack. */
    private static final int MAX_C_STACK = 8000;

    private static void stringFunctions(LuaTable string) {
        LuaValue byteFn = string.rawget("byte");
        string.rawset("byte", new Fn("byte", a -> {
            // str_byte: luaL_checkstack(n, "string slice too long")
            int len = a.checkstring(1).length();
            long i = a.optint(2, 1);
            long j = a.isnoneornil(3) ? i : a.checkint(3);
            if (i < 0) i = Math.max(len + i + 1, 0);
            if (j < 0) j = len + j + 1;
            if (i <= 0) i = 1;
            if (j > len) j = len;
            long n = j - i + 1;
            if (n > 0 && n + a.narg() > MAX_C_STACK) throw ScriptError.positioned("stack overflow (string slice too long)");
            return byteFn.invoke(a);
        }));
        string.rawset("gfind", string.rawget("gmatch"));
        // LuaJ's matcher runs off the end of a malformed pattern where C Lua reads the string's
        // terminating NUL and reports it; its "missing ]" text lacks C Lua's quotes
        for (String name : new String[] {"find", "match", "gsub"}) {
            LuaValue f = string.rawget(name);
            string.rawset(name, new Fn(name, a -> patternCall(f, name.equals("gsub") ? gsubArgs(a) : a, a.arg(2))));
        }
        LuaValue gmatch = string.rawget("gmatch");
        string.rawset("gmatch", new Fn("gmatch", a -> {
            LuaValue it = gmatch.invoke(a).arg1();
            LuaValue pattern = a.arg(2);
            return new Fn("gmatch_aux", x -> patternCall(it, x, pattern));
        }));
        string.rawset("gfind", string.rawget("gmatch"));
        // printf semantics for %e %f %g and the rest (LuaJ formats with Java's rules)
        string.rawset("format", new Fn("format", StringFormat::format));
        LuaValue rep = string.rawget("rep");
        // Lua 5.1's string.rep has no separator argument: a third argument is ignored.
        // luaL_checkint casts like C: 2^31 and beyond become INT_MIN, so the result is "".
        string.rawset("rep", new Fn("rep", a -> {
            a.checkstring(1);
            double n = a.checkdouble(2);
            if (Double.isNaN(n) || n >= 2147483648.0 || n < -2147483648.0 || n < 1) {
                a.checkstring(1);
                return LuaValue.EMPTYSTRING;
            }
            return rep.invoke(LuaValue.varargsOf(a.arg1(), a.arg(2)));
        }));
    }

    private static void mathFunctions(LuaTable math, LuaRandom random) {
        math.rawset("log10", new Fn("log10", a -> LuaValue.valueOf(Math.log10(a.checkdouble(1)))));
        // C's fmod (Java's % on doubles is the same operation: -1 fmod 1 is -0); LuaJ's
        // loses the sign of a zero result.
        LuaValue fmod = new Fn("fmod", a -> LuaValue.valueOf(a.checkdouble(1) % a.checkdouble(2)));
        math.rawset("fmod", fmod);
        math.rawset("mod", fmod);
        math.rawset("frexp", new Fn("frexp", a -> frexp(a.checkdouble(1))));
        math.rawset("ldexp", new Fn("ldexp", a -> LuaValue.valueOf(ldexp(a.checkdouble(1), a.checkint(2)))));
        math.rawset("log", new Fn("log", a -> LuaValue.valueOf(Math.log(a.checkdouble(1)))));
        math.rawset("random", new Fn("random", random::random));
        math.rawset("randomseed", new Fn("randomseed", random::randomseed));
    }
}

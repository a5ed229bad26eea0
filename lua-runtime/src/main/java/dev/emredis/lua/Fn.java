package dev.emredis.lua;

import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;

/** A named Java function for the sandbox (the name appears in "bad argument #1 to 'name'"). */
final class Fn extends VarArgFunction {
    interface Body {
        Varargs run(Varargs args);
    }

    private final Body body;

    Fn(String name, Body body) {
        this.name = name;
        this.body = body;
    }

    @Override
    public Varargs invoke(Varargs args) {
        try {
            return body.run(args);
        } catch (ScriptError e) {
            throw e;
        } catch (org.luaj.vm2.LuaError e) {
            throw cArgumentError(e, name, args);
        }
    }

    /** Wraps a LuaJ library function so its argument errors read as C Lua's. */
    static Fn wrap(String name, LuaValue f) {
        return new Fn(name, f::invoke);
    }

    /**
     * LuaJ words argument errors "bad argument: number expected, got nil" (no position, no
     * function) or "bad argument #2: msg"; C Lua says "bad argument #2 to 'rep' (number
     * expected, got no value)". The argument number LuaJ omits is taken as the first argument
     * of the reported type (a missing one for nil).
     */
    static org.luaj.vm2.LuaError cArgumentError(org.luaj.vm2.LuaError e, String fname, Varargs a) {
        String m = e.getMessage();
        if (m == null || !m.startsWith("bad argument")) return e;
        if (m.startsWith("bad argument #")) {
            int colon = m.indexOf(": ");
            if (colon < 0) return e;
            String detail = m.substring(colon + 2);
            if (detail.equals("value")) detail = "value expected";
            return argError(Integer.parseInt(m.substring(14, colon).trim()), fname, detail);
        }
        String detail = m.substring("bad argument: ".length());
        int got = detail.lastIndexOf(", got ");
        if (got < 0) return argError(1, fname, detail);
        String expected = detail.substring(0, got);
        String type = detail.substring(got + 6);
        int n = a.narg();
        int i;
        if (type.equals("nil")) {
            // A missing argument: the first nil or absent one.
            i = 1;
            while (i <= n && !a.arg(i).isnil()) i++;
        } else if (expected.startsWith("table")) {
            // Tables are usually the first argument (table.insert(1, 2) -> #1).
            i = 1;
            while (i < n && !a.arg(i).typename().equals(type)) i++;
        } else {
            // Strings and numbers: earlier arguments of the same type passed their own checks
            // (string.format('%d', 'x') -> #2), so the last one of that type is the culprit.
            i = n;
            while (i > 1 && !a.arg(i).typename().equals(type)) i--;
        }
        if (expected.startsWith("thread")) return argError(Math.max(i, 1), fname, "coroutine expected");
        String shown = i > n ? "no value" : type;
        return argError(Math.max(i, 1), fname, expected + ", got " + shown);
    }

    @Override
    public String tojstring() {
        return "function: builtin: 0x" + Integer.toHexString(System.identityHashCode(this));
    }

    /** Lua's luaL_argerror text, raised at the caller's position. */
    static ScriptError argError(int arg, String fname, String extra) {
        // called by pcall itself, the function has no name C Lua could find (getfuncname)
        LineTracker t = LineTracker.current();
        if (t != null && t.inDirectCall()) fname = "?";
        return ScriptError.positioned("bad argument #" + arg + " to '" + fname + "' (" + extra + ")");
    }

    static LuaValue none() {
        return LuaValue.NONE;
    }
}

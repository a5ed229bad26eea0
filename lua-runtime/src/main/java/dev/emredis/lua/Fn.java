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
        return body.run(args);
    }

    @Override
    public String tojstring() {
        return "function: builtin: 0x" + Integer.toHexString(System.identityHashCode(this));
    }

    /** Lua's luaL_argerror text, raised at the caller's position. */
    static ScriptError argError(int arg, String fname, String extra) {
        return ScriptError.positioned("bad argument #" + arg + " to '" + fname + "' (" + extra + ")");
    }

    static LuaValue none() {
        return LuaValue.NONE;
    }
}

package dev.emredis.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/** C Lua's luaL_check* for Java library functions, with C Lua's argument error texts. */
final class Args {
    private Args() {}

    static String typeName(Varargs a, int i) {
        return i > a.narg() ? "no value" : a.arg(i).typename();
    }

    static double number(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (v.type() == LuaValue.TNUMBER) return v.todouble();
        if (v.type() == LuaValue.TSTRING) {
            LuaValue n = v.tonumber();
            if (!n.isnil()) return n.todouble();
        }
        throw Fn.argError(i, fname, "number expected, got " + typeName(a, i));
    }

    static double optNumber(Varargs a, int i, String fname, double def) {
        return a.arg(i).isnil() ? def : number(a, i, fname);
    }

    static LuaString string(Varargs a, int i, String fname) {
        LuaValue v = a.arg(i);
        if (v.type() == LuaValue.TSTRING || v.type() == LuaValue.TNUMBER) return v.strvalue();
        throw Fn.argError(i, fname, "string expected, got " + typeName(a, i));
    }
}

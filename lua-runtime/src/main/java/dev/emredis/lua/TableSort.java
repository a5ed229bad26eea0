package dev.emredis.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * Lua 5.1's table.sort (ltablib.c auxsort): a quicksort on t[1..#t] with a median of three
 * pivot, reading and writing the table element by element. LuaJ sorts with a heapsort, so
 * elements that compare equal (sorting records by a field with ties) ended in another order than
 * in Redis; this follows C Lua step by step, including its errors: "invalid order function for
 * sorting" for an inconsistent comparator, and comparisons of mixed types raised without a
 * position (they fail inside the C function).
 */
final class TableSort {
    private TableSort() {}

    static Varargs sort(Varargs a) {
        LuaTable t = a.checktable(1);
        LuaValue f = a.arg(2);
        if (!f.isnil() && !f.isfunction()) throw Fn.argError(2, "sort", "function expected, got " + f.typename());
        int n = t.rawlen();
        auxsort(t, f.isnil() ? null : f, 1, n);
        return LuaValue.NONE;
    }

    /** sort_comp: the comparator's truth, or a < b as lua_lessthan decides it. */
    private static boolean less(LuaValue f, LuaValue a, LuaValue b) {
        if (f != null) return f.call(a, b).toboolean();
        if (a.type() != b.type()) throw orderError(a, b);
        if (a.type() == LuaValue.TNUMBER) return a.todouble() < b.todouble();
        if (a.type() == LuaValue.TSTRING) return ((LuaString) a.strvalue()).strcmp((LuaString) b.strvalue()) < 0;
        LuaValue lt = a.metatag(LuaValue.LT);
        if (lt.isnil() || !lt.raweq(b.metatag(LuaValue.LT))) throw orderError(a, b);
        return lt.call(a, b).toboolean();
    }

    private static ScriptError orderError(LuaValue a, LuaValue b) {
        String t1 = a.typename();
        String t2 = b.typename();
        return ScriptError.plain(t1.equals(t2) ? "attempt to compare two " + t1 + " values" : "attempt to compare " + t1 + " with " + t2);
    }

    private static void auxsort(LuaTable t, LuaValue f, int l, int u) {
        while (l < u) {
            // order a[l], a[(l+u)/2], a[u]
            LuaValue al = t.rawget(l);
            LuaValue au = t.rawget(u);
            if (less(f, au, al)) {
                t.rawset(l, au);
                t.rawset(u, al);
            }
            if (u - l == 1) break;
            int i = (l + u) / 2;
            LuaValue ai = t.rawget(i);
            al = t.rawget(l);
            if (less(f, ai, al)) {
                t.rawset(i, al);
                t.rawset(l, ai);
            } else {
                au = t.rawget(u);
                if (less(f, au, ai)) {
                    t.rawset(i, au);
                    t.rawset(u, ai);
                }
            }
            if (u - l == 2) break;
            // the pivot goes to a[u-1]; a[l] <= P == a[u-1] <= a[u]
            LuaValue p = t.rawget(i);
            LuaValue before = t.rawget(u - 1);
            t.rawset(i, before);
            t.rawset(u - 1, p);
            i = l;
            int j = u - 1;
            while (true) {
                LuaValue x;
                while (less(f, x = t.rawget(++i), p)) {
                    if (i > u) throw ScriptError.positioned("invalid order function for sorting");
                }
                LuaValue y;
                while (less(f, p, y = t.rawget(--j))) {
                    if (j < l) throw ScriptError.positioned("invalid order function for sorting");
                }
                if (j < i) break;
                t.rawset(i, y);
                t.rawset(j, x);
            }
            LuaValue pivot = t.rawget(u - 1);
            LuaValue ai2 = t.rawget(i);
            t.rawset(u - 1, ai2);
            t.rawset(i, pivot);
            // recurse into the smaller half, loop on the larger
            if (i - l < u - i) {
                j = l;
                i = i - 1;
                l = i + 2;
            } else {
                j = i + 1;
                i = u;
                u = j - 2;
            }
            auxsort(t, f, j, i);
        }
    }
}

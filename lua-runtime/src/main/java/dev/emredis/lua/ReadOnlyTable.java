package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * A Lua table that Redis's sandbox makes read-only once filled: the library tables (redis,
 * string, math, cjson...), the globals' metatable and the string metatable. Every store path of
 * LuaJ's table (assignment, rawset, array part, insert/remove/sort, metatable change) lands in
 * one of the overrides below and raises Redis's "Attempt to modify a readonly table".
 */
final class ReadOnlyTable extends LuaTable {
    private boolean frozen;

    ReadOnlyTable freeze() {
        frozen = true;
        return this;
    }

    boolean frozen() {
        return frozen;
    }

    static boolean isReadOnly(LuaValue t) {
        return (t instanceof ReadOnlyTable && ((ReadOnlyTable) t).frozen)
                || (t instanceof SandboxGlobals && ((SandboxGlobals) t).protectedNow());
    }

    /** Raised from a VM store: C Lua puts the position of the offending line in front. */
    static ScriptError violation() {
        return ScriptError.positioned(Errors.SCRIPT_READONLY_TABLE);
    }

    /** An assignment in Lua code (the VM's store path): C Lua prefixes the line. */
    /** Raised inside a library function (rawset, table.insert...): no position prefix. */
    static ScriptError violationInC() {
        return ScriptError.plain(Errors.SCRIPT_READONLY_TABLE);
    }

    @Override
    public void set(int key, LuaValue value) {
        if (frozen) throw ReadOnlyTable.violation();
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (frozen) throw ReadOnlyTable.violation();
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (frozen) throw violationInC();
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (frozen) throw violationInC();
        super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        if (frozen) throw violationInC();
        super.hashset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (frozen) throw violationInC();
        return super.setmetatable(metatable);
    }

    @Override
    public void sort(LuaValue comparator) {
        // Sorting writes only when there are at least two elements (Redis lets table.sort(math) pass).
        if (frozen && length() > 1) throw violationInC();
        super.sort(comparator);
    }

    @Override
    public String tojstring() {
        return "table: 0x" + Integer.toHexString(System.identityHashCode(this));
    }
}

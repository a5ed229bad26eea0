package dev.emredis.lua;

import dev.emredis.internal.command.Errors;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaValue;

/**
 * The global table of a Redis Lua state. Redis protects it: storing any global raises
 * "Attempt to modify a readonly table", and its metatable's {@code __index} raises
 * "Script attempted to access nonexistent global variable". Redis itself sets KEYS and ARGV
 * by lifting the protection for a moment ({@link #setUnprotected}).
 */
class SandboxGlobals extends Globals {
    private boolean protect;

    void protect() {
        protect = true;
    }

    boolean protectedNow() {
        return protect;
    }

    void setUnprotected(String name, LuaValue value) {
        boolean was = protect;
        protect = false;
        try {
            super.rawset(LuaValue.valueOf(name), value);
        } finally {
            protect = was;
        }
    }

    static ScriptError nonexistent(LuaValue name) {
        return ScriptError.positioned(Errors.scriptNonexistentGlobal(name.tojstring()));
    }

    /** An assignment in Lua code (the VM's store path): C Lua prefixes the line. */
    @Override
    public void set(int key, LuaValue value) {
        if (protect) throw ReadOnlyTable.violation();
        super.set(key, value);
    }

    @Override
    public void set(LuaValue key, LuaValue value) {
        if (protect) throw ReadOnlyTable.violation();
        super.set(key, value);
    }

    @Override
    public void rawset(int key, LuaValue value) {
        if (protect) throw ReadOnlyTable.violationInC();
        super.rawset(key, value);
    }

    @Override
    public void rawset(LuaValue key, LuaValue value) {
        if (protect) throw ReadOnlyTable.violationInC();
        super.rawset(key, value);
    }

    @Override
    public void hashset(LuaValue key, LuaValue value) {
        if (protect) throw ReadOnlyTable.violationInC();
        super.hashset(key, value);
    }

    @Override
    public LuaValue setmetatable(LuaValue metatable) {
        if (protect) throw ReadOnlyTable.violationInC();
        return super.setmetatable(metatable);
    }

    @Override
    public void sort(LuaValue comparator) {
        // Sorting writes only when there are at least two elements (Redis lets table.sort(math) pass).
        if (protect && length() > 1) throw ReadOnlyTable.violationInC();
        super.sort(comparator);
    }

}

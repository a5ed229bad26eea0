package dev.emredis.lua;

import org.luaj.vm2.LuaTable;

/** Placeholder until the library is implemented. */
final class CJson {
    private CJson() {}

    static LuaTable create() {
        return new LuaTable();
    }
}

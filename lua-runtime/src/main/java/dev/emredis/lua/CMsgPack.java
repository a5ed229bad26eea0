package dev.emredis.lua;

import org.luaj.vm2.LuaTable;

/** Placeholder until the library is implemented. */
final class CMsgPack {
    private CMsgPack() {}

    static LuaTable create() {
        return new LuaTable();
    }
}

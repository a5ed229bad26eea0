package dev.emredis.lua;

import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;

/**
 * The globals of the Functions Lua state. While FUNCTION LOAD runs a library body the global
 * table shows only {@code redis} (the load-time one, see {@link RedisLib#createForLoad}); every
 * other name raises the nonexistent-global error, as Redis's load-time environment does.
 * Callbacks resolve globals when they run, after loading, and then see the full sandbox.
 */
final class FunctionGlobals extends SandboxGlobals {
    private static final LuaString REDIS = LuaString.valueOf("redis");
    LuaTable loadRedis;
    boolean loading;

    @Override
    public LuaValue get(LuaValue key) {
        if (loading) {
            if (key.raweq(REDIS)) return loadRedis;
            throw nonexistent(key);
        }
        return super.get(key);
    }
}

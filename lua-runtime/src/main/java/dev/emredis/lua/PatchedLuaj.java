package dev.emredis.lua;

import java.security.CodeSource;
import java.util.Objects;

/**
 * emredis-lua ships its own versions of a few LuaJ classes (Lua 5.1 number printing, -0.0,
 * C Lua's table order, syntax errors). They only take effect when emredis-lua comes before
 * luaj-jse on the class path, which Maven and Gradle do for a dependency and its transitive
 * dependencies; a hand-built class path can get it wrong, and then scripts would silently
 * differ from Redis. This check makes that a clear startup error instead.
 */
final class PatchedLuaj {
    private static final Class<?>[] PATCHED = {
        org.luaj.vm2.LuaDouble.class,
        org.luaj.vm2.LuaInteger.class,
        org.luaj.vm2.LuaString.class,
        org.luaj.vm2.LuaTable.class,
        org.luaj.vm2.compiler.LexState.class,
        org.luaj.vm2.compiler.FuncState.class,
    };

    private PatchedLuaj() {}

    /** Throws when a patched class was loaded from another jar than emredis-lua's. */
    static void check() {
        String ours = location(PatchedLuaj.class);
        for (Class<?> c : PATCHED) {
            String where = location(c);
            if (!Objects.equals(ours, where)) {
                throw new IllegalStateException("emredis-lua must come before luaj-jse on the class path: "
                        + c.getName() + " was loaded from " + where + " instead of " + ours);
            }
        }
    }

    private static String location(Class<?> c) {
        CodeSource cs = c.getProtectionDomain().getCodeSource();
        return cs == null ? null : String.valueOf(cs.getLocation());
    }
}

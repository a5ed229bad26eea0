package dev.emredis.lua;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.spi.RuntimeModule;

/**
 * emredis-lua's entry point, found by core through {@link java.util.ServiceLoader}: registers
 * the scripting commands. A server's Lua state is created on its first script, not at start.
 */
public final class LuaRuntime implements RuntimeModule {
    @Override
    public void registerCommands(CommandRegistry registry) {
        ScriptCommands.register(registry);
    }
}

package dev.emredis.lua;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.spi.RuntimeModule;

/**
 * emredis-lua's entry point, found by core through {@link java.util.ServiceLoader}: registers
 * the scripting commands. A server's Lua state is created on its first script, not at start.
 */
public final class LuaRuntime implements RuntimeModule {
    @Override
    public void registerCommands(CommandRegistry registry) {
        PatchedLuaj.check();
        ScriptCommands.register(registry);
        FunctionCommands.register(registry);
    }

    /** Creates the server's engine (its two script clients, as Redis at startup); the Lua states come later. */
    @Override
    public void attach(Server server) {
        LuaEngine engine = LuaEngine.of(server);
        server.scriptCommandFlags = engine::commandFlags;
    }
}

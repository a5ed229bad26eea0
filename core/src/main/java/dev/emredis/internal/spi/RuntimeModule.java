package dev.emredis.internal.spi;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.server.Server;

/**
 * How a scripting runtime (emredis-lua, emredis-js) plugs into core, found with
 * {@link java.util.ServiceLoader}: it registers its commands once per JVM, and attaches its
 * per-server state (script caches, libraries) to each server that starts.
 */
public interface RuntimeModule {
    /** Registers the runtime's commands (EVAL, FUNCTION, TFCALL...) in the shared table. */
    void registerCommands(CommandRegistry registry);

    /** Called on the event loop when a server starts, before it accepts connections. */
    default void attach(Server server) { }
}

package dev.emredis.internal.command;

/** Binds handlers to Redis command names ({@code "get"}, {@code "client|list"}). */
public interface CommandRegistry {
    void add(String name, CommandHandler handler);

    /**
     * Adds COMMAND INFO/DOCS metadata for commands Redis 7.0.15 itself does not have (module
     * commands such as RedisGears' TFCALL), in the shape of {@code commands.json}
     * ({@code {"command_info": [...], "command_docs": {...}}}); call before {@link #add}.
     */
    default void addMetadata(String commandsJson) {
        throw new UnsupportedOperationException("this registry takes no metadata");
    }
}

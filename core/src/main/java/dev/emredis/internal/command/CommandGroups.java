package dev.emredis.internal.command;

import dev.emredis.internal.commands.ConnectionCommands;

/**
 * The explicit list of core command groups (no classpath scanning). One line per group; keep
 * each group's line in its own block so parallel work merges cleanly.
 */
final class CommandGroups {
    private CommandGroups() {}

    static void registerAll(CommandRegistry r) {
        // connection
        ConnectionCommands.register(r);

        // client

        // strings

        // keys

        // pub/sub

        // transactions

        // server: COMMAND, INFO, CONFIG
        dev.emredis.internal.commands.CommandCommands.register(r);
        dev.emredis.internal.commands.ConfigCommands.register(r);
        dev.emredis.internal.commands.InfoCommand.register(r);

        // server: the rest
        dev.emredis.internal.commands.ServerCommands.register(r);
        dev.emredis.internal.commands.DebugCommands.register(r);
        dev.emredis.internal.commands.MemoryCommands.register(r);
        dev.emredis.internal.commands.SlowlogCommands.register(r);
        dev.emredis.internal.commands.LatencyCommands.register(r);

        // hashes and sets
        dev.emredis.internal.commands.HashCommands.register(r);
        dev.emredis.internal.commands.SetCommands.register(r);
    }
}

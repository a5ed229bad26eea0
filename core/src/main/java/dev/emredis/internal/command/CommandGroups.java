package dev.emredis.internal.command;

import dev.emredis.internal.commands.ConnectionCommands;
import dev.emredis.internal.commands.StringCommands;

/**
 * The explicit list of core command groups (no classpath scanning). One line per group; keep
 * each group's line in its own block so parallel work merges cleanly.
 */
final class CommandGroups {
    private CommandGroups() {}

    static void registerAll(CommandRegistry r) {
        // connection
        ConnectionCommands.register(r);
        dev.emredis.internal.commands.AclCommands.register(r);

        // client
        dev.emredis.internal.commands.ClientCommands.register(r);

        // strings
        StringCommands.register(r);

        // keys
        dev.emredis.internal.commands.KeyCommands.register(r);
        dev.emredis.internal.commands.ExpireCommands.register(r);
        dev.emredis.internal.commands.DatabaseCommands.register(r);

        // lists
        dev.emredis.internal.commands.ListCommands.register(r);

        // pub/sub
        dev.emredis.internal.commands.PubSubCommands.register(r);

        // transactions
        dev.emredis.internal.commands.TransactionCommands.register(r);

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
        dev.emredis.internal.commands.LolwutCommand.register(r);

        // DUMP, RESTORE, RESTORE-ASKING (RDB serialization)
        dev.emredis.internal.commands.DumpCommands.register(r);

        // hyperloglog
        dev.emredis.internal.commands.HyperLogLogCommands.register(r);

        // sorted sets
        dev.emredis.internal.commands.SortedSetCommands.register(r);

        // hashes and sets
        dev.emredis.internal.commands.HashCommands.register(r);
        dev.emredis.internal.commands.SetCommands.register(r);

        // bitmaps
        dev.emredis.internal.commands.BitmapCommands.register(r);

        // replication-facing commands of a lone master, modules
        dev.emredis.internal.commands.ReplicationCommands.register(r);
        dev.emredis.internal.commands.MigrateCommand.register(r);
        dev.emredis.internal.commands.ClusterCommands.register(r);
        dev.emredis.internal.commands.ModuleCommands.register(r);

        // sort
        dev.emredis.internal.commands.SortCommands.register(r);

        // streams
        dev.emredis.internal.commands.StreamCommands.register(r);

        // geo
        dev.emredis.internal.commands.GeoCommands.register(r);
    }
}

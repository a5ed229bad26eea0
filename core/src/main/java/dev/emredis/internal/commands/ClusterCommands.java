package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Errors;

/**
 * CLUSTER on a server started without cluster mode: every subcommand, HELP included, answers that
 * cluster support is disabled, as Redis does (unknown subcommands are refused by the table first).
 * On a node of an emulated cluster the subcommands are answered by {@link ClusterModeCommands}.
 */
public final class ClusterCommands {
    private ClusterCommands() {}

    private static final String[] SUBCOMMANDS = {
        "addslots", "addslotsrange", "bumpepoch", "count-failure-reports", "countkeysinslot", "delslots",
        "delslotsrange", "failover", "flushslots", "forget", "getkeysinslot", "help", "info", "keyslot", "links",
        "meet", "myid", "nodes", "replicas", "replicate", "reset", "saveconfig", "set-config-epoch", "setslot",
        "shards", "slaves", "slots",
    };

    public static void register(CommandRegistry r) {
        for (String sub : SUBCOMMANDS) {
            r.add("cluster|" + sub, c -> {
                if (c.server.cluster == null) {
                    c.error(Errors.CLUSTER_DISABLED);
                } else {
                    ClusterModeCommands.run(sub, c);
                }
            });
        }
    }
}

package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;

/**
 * What a single, replica-less master answers to the replication and cluster-client commands:
 * FAILOVER (parsed fully, then refused for want of replicas), REPLCONF from a client that is not
 * a replica, and READONLY/READWRITE/ASKING with cluster support disabled.
 */
public final class ReplicationCommands {
    private ReplicationCommands() {}

    public static void register(CommandRegistry r) {
        r.add("failover", ReplicationCommands::failover);
        r.add("replconf", ReplicationCommands::replconf);
        r.add("replicaof", ReplicationCommands::replicaof);
        r.add("sync", c -> sync(c, false));
        r.add("psync", c -> sync(c, true));
        r.add("slaveof", ReplicationCommands::replicaof);
        // cluster mode: READONLY/READWRITE set the connection's replica-read flag, ASKING the
        // one-shot flag for the next command (the pipeline clears it)
        r.add("readonly", c -> clusterFlag(c, () -> c.client.clusterReadOnly = true));
        r.add("readwrite", c -> clusterFlag(c, () -> c.client.clusterReadOnly = false));
        r.add("asking", c -> clusterFlag(c, () -> c.client.asking = true));
    }

    private static void clusterFlag(Ctx c, Runnable set) {
        if (c.server.cluster == null) {
            c.error(Errors.CLUSTER_DISABLED);
            return;
        }
        set.run();
        c.ok();
    }

    /**
     * REPLICAOF host port | NO ONE. To a host, the server becomes a replica whose link never comes
     * up (nothing is replicated); NO ONE makes it a master again.
     */
    static void replicaof(Ctx c) {
        if (c.server.config().getBool("cluster-enabled")) throw new RedisError(Errors.REPLICAOF_CLUSTER);
        var repl = c.server.replication;
        if (c.is(1, "no") && c.is(2, "one")) {
            repl.becomeMaster();
            c.ok();
            return;
        }
        long port = ZArgs.rangeLong(c, 2, 0, 65535, Errors.INVALID_MASTER_PORT);
        String host = c.str(1);
        if (repl.isReplicaOf(host, (int) port)) {
            c.out.simple("OK Already connected to specified master");
            return;
        }
        repl.becomeReplica(host, (int) port);
        c.ok();
    }

    /**
     * SYNC and PSYNC replid offset: the connection becomes a replica with a full resynchronisation
     * (a replica cannot serve them itself while its own master link is down, as in Redis).
     */
    static void sync(Ctx c, boolean psync) {
        if (c.server.replicaFeed.isReplica(c.client)) return; // already one: ignored
        if (c.server.replication.isReplica()) throw new RedisError(Errors.SYNC_REPLICA_NOT_CONNECTED);
        c.server.replicaFeed.attach(c.client, psync);
    }

    /** FAILOVER [TO host port [FORCE]] [ABORT] [TIMEOUT ms], checked in Redis's order. */
    static void failover(Ctx c) {
        if (c.argc() == 2 && c.is(1, "abort")) throw new RedisError(Errors.FAILOVER_NONE);
        long timeout = 0;
        boolean force = false;
        boolean host = false;
        for (int j = 1; j < c.argc(); j++) {
            if (c.is(j, "timeout") && j + 1 < c.argc() && timeout == 0) {
                timeout = c.longArg(j + 1);
                if (timeout <= 0) throw new RedisError(Errors.FAILOVER_TIMEOUT);
                j++;
            } else if (c.is(j, "to") && j + 2 < c.argc() && !host) {
                c.longArg(j + 2);
                host = true;
                j += 2;
            } else if (c.is(j, "force") && !force) {
                force = true;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        throw new RedisError(Errors.FAILOVER_NO_REPLICAS);
    }

    /**
     * REPLCONF option value ...: options a replica would send are accepted; ACK and GETACK from
     * a client that is not a replica get no reply at all, as in Redis.
     */
    static void replconf(Ctx c) {
        if (c.argc() % 2 == 0) throw new RedisError(Errors.SYNTAX);
        for (int j = 1; j < c.argc(); j += 2) {
            if (c.is(j, "listening-port")) {
                dev.emredis.internal.server.ReplicaFeed.link(c.client).listeningPort = (int) c.longArg(j + 1);
            } else if (c.is(j, "ip-address")) {
                if (c.arg(j + 1).length >= 256) throw new RedisError(Errors.replconfAddressTooLong(c.arg(j + 1).length));
            } else if (c.is(j, "capa")) {
                if (c.is(j + 1, "eof")) dev.emredis.internal.server.ReplicaFeed.link(c.client).capaEof = true;
            } else if (c.is(j, "ack")) {
                Long off = dev.emredis.internal.util.Num.parseLong(c.arg(j + 1));
                if (off != null) c.server.replicaFeed.ack(c.client, off);
                return;
            } else if (c.is(j, "getack")) {
                return;
            } else if (c.is(j, "rdb-only")) {
                ZArgs.rangeLong(c, j + 1, 0, 1, null);
            } else if (c.is(j, "rdb-filter-only")) {
                java.util.List<byte[]> filters = dev.emredis.internal.resp.RespDecoder.splitArgs(c.arg(j + 1));
                if (filters == null) throw new RedisError(Errors.REPLCONF_FILTER_MISSING);
                for (byte[] f : filters) {
                    String name = new String(f, java.nio.charset.StandardCharsets.UTF_8);
                    if (!name.equalsIgnoreCase("functions")) throw new RedisError(Errors.replconfFilter(name));
                }
            } else {
                throw new RedisError(Errors.replconfUnknown(c.str(j)));
            }
        }
        c.ok();
    }
}

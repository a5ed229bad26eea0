package dev.emredis.internal.commands;

import dev.emredis.internal.cluster.ClusterNode;
import dev.emredis.internal.cluster.ClusterReplies;
import dev.emredis.internal.cluster.HashSlot;
import dev.emredis.internal.cluster.Topology;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * CLUSTER subcommands on a node of an emulated cluster (a server whose {@code cluster} is set);
 * {@link ClusterCommands} sends them here. Introspection answers from the shared topology view;
 * the administrative subcommands that reshape a real cluster (ADDSLOTS, SETSLOT, MEET, FAILOVER...)
 * are refused: the emulated topology is driven through {@code dev.emredis.RedisCluster}.
 */
final class ClusterModeCommands {
    private ClusterModeCommands() {}

    private static final String[] HELP = loadHelp();

    static void run(String sub, Ctx c) {
        ClusterNode me = c.server.cluster;
        Topology t = me.topology();
        long now = c.now();
        switch (sub) {
            case "help":
                CommandCommands.writeHelp(c, HELP);
                return;
            case "myid":
                c.out.bulk(me.id);
                return;
            case "nodes":
                c.out.verbatim("txt", ClusterReplies.nodes(me, t, now).getBytes(StandardCharsets.UTF_8));
                return;
            case "info":
                c.out.verbatim("txt", ClusterReplies.info(me, t, now).getBytes(StandardCharsets.UTF_8));
                return;
            case "slots":
                ClusterReplies.slots(me, t, c.out);
                return;
            case "shards":
                ClusterReplies.shards(me, t, c.out);
                return;
            case "links":
                ClusterReplies.links(me, t, c.out);
                return;
            case "keyslot":
                c.out.integer(HashSlot.of(c.arg(2)));
                return;
            case "countkeysinslot": {
                long slot = c.longArg(2);
                if (slot < 0 || slot >= HashSlot.SLOTS) throw new RedisError(Errors.CLUSTER_INVALID_SLOT);
                c.out.integer(keysInSlot(c, (int) slot, Long.MAX_VALUE).size());
                return;
            }
            case "getkeysinslot": {
                long slot = c.longArg(2);
                long max = c.longArg(3);
                if (slot < 0 || slot >= HashSlot.SLOTS || max < 0) throw new RedisError(Errors.CLUSTER_INVALID_SLOT_OR_COUNT);
                List<byte[]> keys = keysInSlot(c, (int) slot, max);
                c.out.array(keys.size());
                for (byte[] k : keys) c.out.bulk(k);
                return;
            }
            case "replicas":
            case "slaves": {
                int n = node(c, me);
                if (!t.node(n).master()) throw new RedisError(Errors.CLUSTER_NOT_A_MASTER);
                List<Topology.Node> replicas = t.replicasOf(n);
                c.out.array(replicas.size());
                for (Topology.Node r : replicas) c.out.bulk(ClusterReplies.nodeLine(me, t, r.index(), now));
                return;
            }
            case "count-failure-reports": {
                int n = node(c, me);
                // every other master that sees a failed node reports it
                int reports = 0;
                if (t.node(n).failed()) {
                    for (Topology.Node o : t.nodes()) if (o.master() && o.index() != n && o.index() != me.index && !o.failed()) reports++;
                }
                c.out.integer(reports);
                return;
            }
            case "reset":
                reset(c, me);
                return;
            case "saveconfig":
                c.ok();
                return;
            case "addslots":
                ClusterSlotCommands.addOrDel(c, false, false);
                return;
            case "delslots":
                ClusterSlotCommands.addOrDel(c, true, false);
                return;
            case "addslotsrange":
                ClusterSlotCommands.addOrDel(c, false, true);
                return;
            case "delslotsrange":
                ClusterSlotCommands.addOrDel(c, true, true);
                return;
            case "setslot":
                ClusterSlotCommands.setslot(c);
                return;
            case "failover":
                failover(c, me);
                return;
            case "bumpepoch": {
                long[] epoch = new long[1];
                boolean[] bumped = new boolean[1];
                me.bus().update(v -> {
                    Topology.Builder b = v.toBuilder();
                    long before = b.node(me.index).configEpoch();
                    dev.emredis.internal.cluster.ClusterOps.bumpEpoch(b, me.index);
                    epoch[0] = b.node(me.index).configEpoch();
                    bumped[0] = epoch[0] != before;
                    return b.build();
                });
                c.out.simple((bumped[0] ? "BUMPED " : "STILL ") + epoch[0]);
                return;
            }
            default:
                throw new RedisError(Errors.clusterAdminUnsupported(sub.toUpperCase(java.util.Locale.ROOT)));
        }
    }

    /**
     * CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica: OK at once, then the replica takes its
     * master's place as {@code RedisCluster.failover} does (in the background, as Redis's manual
     * failover completes after the reply).
     */
    private static void failover(Ctx c, ClusterNode me) {
        boolean force = false;
        if (c.argc() == 3) {
            if (c.is(2, "force") || c.is(2, "takeover")) {
                force = true;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        Topology t = me.topology();
        Topology.Node self = t.node(me.index);
        if (self.master()) throw new RedisError(Errors.CLUSTER_FAILOVER_ON_MASTER);
        int master = self.masterIndex();
        if (!force && t.node(master).failed()) throw new RedisError(Errors.CLUSTER_FAILOVER_MASTER_DOWN);
        c.ok();
        Thread th = new Thread(() -> dev.emredis.internal.cluster.ClusterOps.failoverIfStill(me.bus(), master, me.index),
                "emredis-cluster-failover");
        th.setDaemon(true);
        th.start();
    }

    private static int node(Ctx c, ClusterNode me) {
        String id = c.str(2);
        int n = me.bus().indexOf(id);
        if (n < 0) throw new RedisError(Errors.clusterUnknownNode(id));
        return n;
    }

    /**
     * CLUSTER RESET [HARD|SOFT]: a master holding keys refuses; otherwise the node leaves its
     * role: a replica becomes an empty master (its data flushed, replication stopped), a master
     * gives up its slots. Deviation: the node keeps knowing the other nodes (the topology is
     * shared), and HARD does not change its id or epochs.
     */
    private static void reset(Ctx c, ClusterNode me) {
        if (c.argc() == 3 && !c.is(2, "hard") && !c.is(2, "soft")) throw new RedisError(Errors.SYNTAX);
        Topology t = me.topology();
        boolean master = t.node(me.index).master();
        if (master && c.server.db(0).size() > 0) throw new RedisError(Errors.CLUSTER_RESET_WITH_KEYS);
        if (!master) {
            // clusterReset: a replica becomes an empty master
            dev.emredis.internal.cluster.Replicator.disconnect(me);
            c.server.replication.becomeMaster();
            for (var db : c.server.dbs()) db.flush();
            c.server.tracking.invalidateAllOnFlush();
        }
        me.bus().update(v -> {
            Topology.Builder b = v.toBuilder();
            for (int s = 0; s < HashSlot.SLOTS; s++) if (b.owner(s) == me.index) b.assign(s, s, -1);
            b.role(me.index, true, -1);
            return b.build();
        });
        c.ok();
    }

    /** Keys of db 0 hashing to the slot (not logically expired), up to {@code max}. */
    static List<byte[]> keysInSlot(Ctx c, int slot, long max) {
        // Redis counts keys not yet expired away too (they are still in the slot index)
        // newest first, as Redis 7.0's per-slot key list (keys are added at its head; an
        // overwrite keeps the place, RENAME and RESTORE add anew)
        List<dev.emredis.internal.keyspace.Dict.Entry<?>> found = new ArrayList<>();
        c.server.db(0).keys.forEachEntry(e -> {
            if (HashSlot.of(e.key) == slot) found.add(e);
        });
        found.sort((a, b) -> Long.compare(b.seq, a.seq));
        List<byte[]> l = new ArrayList<>();
        for (int i = 0; i < found.size() && l.size() < max; i++) l.add(found.get(i).key);
        return l;
    }

    private static String[] loadHelp() {
        try (InputStream in = ClusterModeCommands.class.getResourceAsStream("/dev/emredis/internal/cluster/cluster-help.txt")) {
            List<String> lines = new ArrayList<>();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String l; (l = r.readLine()) != null; ) lines.add(l);
            // the header and the trailing HELP entry are written by writeHelp
            return lines.subList(1, lines.size() - 2).toArray(new String[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

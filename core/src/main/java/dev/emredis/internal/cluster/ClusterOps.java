package dev.emredis.internal.cluster;

import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import java.util.ArrayList;
import java.util.List;

/**
 * Topology changes of an emulated cluster, each published as one new {@link Topology} view at the
 * moment the data is in place (what redis-cli --cluster reshard and CLUSTER FAILOVER achieve on a
 * real cluster, without the intermediate gossip states).
 */
public final class ClusterOps {
    private ClusterOps() {}

    /**
     * Gives {@code slot} to master {@code to} with its keys. The target's config epoch is bumped
     * unless it is already the greatest known (SETSLOT NODE on an importing node). An open
     * migration of the slot is closed.
     */
    public static void moveSlot(ClusterBus bus, int slot, int to) {
        synchronized (bus.adminLock) {
            Topology t = bus.topology();
            int from = t.owner(slot);
            Runnable publish = () -> bus.update(v -> {
                Topology.Builder b = v.toBuilder();
                b.assign(slot, slot, to);
                b.removeMigration(slot);
                bumpEpochWithoutConsensus(b, to);
                return b.build();
            });
            if (from < 0 || from == to) {
                publish.run();
                return;
            }
            SlotMover.move(bus.node(from), bus.node(to), slot, null, publish);
        }
    }

    /**
     * clusterBumpConfigEpochWithoutConsensus: a node whose config epoch is not the greatest known
     * (current epoch included) takes a new one.
     */
    public static void bumpEpoch(Topology.Builder b, int node) {
        bumpEpochWithoutConsensus(b, node);
    }

    static void bumpEpochWithoutConsensus(Topology.Builder b, int node) {
        long max = b.currentEpoch;
        for (int i = 0; i < b.nodes.length; i++) max = Math.max(max, b.node(i).configEpoch());
        long mine = b.node(node).configEpoch();
        if (mine == 0 || mine != max) b.epoch(node, b.bumpEpoch());
    }

    /** Moves some keys of a migrating slot from its source to its target (SlotMigration.moveKeys). */
    public static void moveKeys(ClusterBus bus, int slot, int from, int to, List<byte[]> keys) {
        synchronized (bus.adminLock) {
            SlotMover.move(bus.node(from), bus.node(to), slot, keys, null);
        }
    }

    /** Opens a migration: {@code from} MIGRATING, {@code to} IMPORTING. */
    public static void startMigration(ClusterBus bus, int slot, int from, int to) {
        bus.update(v -> v.toBuilder().addMigration(new Topology.Migration(slot, from, to)).build());
    }

    /**
     * Promotes {@code replica} in place of its master: the master stops feeding its replicas and
     * becomes a replica of the promoted node, the other replicas follow the promoted node, the
     * slots and a new config epoch go to it, all published as one view once the promoted node has
     * applied everything its master sent.
     */
    public static void failover(ClusterBus bus, int master, int replica) {
        synchronized (bus.adminLock) {
            ClusterNode old = bus.node(master);
            ClusterNode neu = bus.node(replica);
            List<ClusterNode> others = new ArrayList<>();
            for (Topology.Node r : bus.topology().replicasOf(master)) if (r.index() != replica) others.add(bus.node(r.index()));
            Server os = old.server();
            Server ns = neu.server();
            os.loop().call(() -> {
                // the old master's loop serves nobody until the new view is out
                os.replicaFeed.detachAllInProcess();
                for (Topology.Node r : bus.topology().replicasOf(master)) {
                    bus.node(r.index()).upstream = null;
                    bus.node(r.index()).upstreamMaster = null;
                }
                // its frames already sent are queued on the replicas' loops, ahead of what follows
                Client oldFromNew = Replicator.follow(neu, old, os.replicaFeed.offset());
                ns.loop().call(() -> {
                    ns.replication.becomeMaster();
                    ns.replication.promotedAt(ns.replication.appliedOffset());
                    ns.replicaFeed.continueFrom(ns.replication.appliedOffset());
                    ns.replicaFeed.keepBacklog();
                    // the old master's loop waits for this task: it takes the new history's id
                    os.replication.adoptReplid(ns.replication.replid());
                    Replicator.attach(neu, old, oldFromNew);
                    for (ClusterNode r : others) {
                        long off = ns.replicaFeed.offset();
                        String replid = ns.replication.replid();
                        Client fm = r.server().loop().call(() -> {
                            Client f = Replicator.follow(neu, r, off);
                            r.server().replication.adoptReplid(replid);
                            return f;
                        });
                        Replicator.attach(neu, r, fm);
                    }
                    bus.update(v -> {
                        Topology.Builder b = v.toBuilder();
                        for (int s = 0; s < HashSlot.SLOTS; s++) if (b.owner(s) == master) b.assign(s, s, replica);
                        b.role(replica, true, -1);
                        b.role(master, false, replica);
                        for (ClusterNode r : others) b.role(r.index, false, replica);
                        b.epoch(replica, b.bumpEpoch());
                        // an open migration follows the shard to its new master
                        for (Topology.Migration m : v.migrations()) {
                            if (m.from() == master) b.addMigration(new Topology.Migration(m.slot(), replica, m.to(), m.migrating(), m.importing()));
                            if (m.to() == master) b.addMigration(new Topology.Migration(m.slot(), m.from(), replica, m.migrating(), m.importing()));
                        }
                        return b.build();
                    });
                    return null;
                });
                return null;
            });
        }
    }

    /**
     * Assigns slots {@code from..to} to {@code node}, or unassigns them when it is -1 (as ADDSLOTS
     * and DELSLOTS, without moving keys).
     */
    public static void assign(ClusterBus bus, int from, int to, int node) {
        bus.update(v -> {
            Topology.Builder b = v.toBuilder().assign(from, to, node);
            for (int s = from; s <= to; s++) b.removeMigration(s);
            return b.build();
        });
    }

    /** A failover asked for by CLUSTER FAILOVER: done if the roles are still those it saw. */
    public static void failoverIfStill(ClusterBus bus, int master, int replica) {
        synchronized (bus.adminLock) {
            Topology t = bus.topology();
            if (t.node(master).master() && !t.node(replica).master() && t.node(replica).masterIndex() == master) {
                failover(bus, master, replica);
            }
        }
    }

    /**
     * Back to a given view with empty nodes: replication links dropped, every node flushed and a
     * master, the view published, then each replica of the view attached to its master.
     */
    public static void reset(ClusterBus bus, Topology initial) {
        synchronized (bus.adminLock) {
            for (int i = 0; i < bus.size(); i++) {
                ClusterNode n = bus.node(i);
                Server s = n.server();
                s.loop().call(() -> {
                    s.replicaFeed.detachAllInProcess();
                    if (s.replication.isReplica()) s.replication.becomeMaster();
                    for (var db : s.dbs()) db.flush();
                    s.tracking.invalidateAllOnFlush();
                    return null;
                });
                n.upstream = null;
                n.upstreamMaster = null;
            }
            bus.update(v -> initial);
            for (Topology.Node n : initial.nodes()) {
                if (!n.master()) Replicator.connect(bus.node(n.masterIndex()), bus.node(n.index()));
            }
        }
    }

    /** Flags a node suspected, PFAIL ("fail?"), in every node's view. */
    public static void setSuspected(ClusterBus bus, int node, long now) {
        bus.update(v -> v.toBuilder().suspected(node, now).build());
    }

    /** Flags a node failed (or up again) in every node's view. */
    public static void setFailed(ClusterBus bus, int node, boolean failed, long now) {
        bus.update(v -> v.toBuilder().failed(node, failed, now).build());
    }
}

package dev.emredis.internal.commands;

import dev.emredis.internal.cluster.ClusterNode;
import dev.emredis.internal.cluster.HashSlot;
import dev.emredis.internal.cluster.Topology;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.util.Num;

/**
 * CLUSTER ADDSLOTS / DELSLOTS / ADDSLOTSRANGE / DELSLOTSRANGE / SETSLOT on an emulated cluster,
 * so that tools driving a resharding with commands ({@code redis-cli --cluster reshard}: IMPORTING
 * on the target, MIGRATING on the source, MIGRATE of each key, NODE on both) work. The checks and
 * errors are Redis 7.0's; the effect lands in the topology every node shares (a real node changes
 * its own view and gossips it). Deviation: a master left without slots does not turn itself into
 * a replica of the new owner.
 */
final class ClusterSlotCommands {
    private ClusterSlotCommands() {}

    /** ADDSLOTS/DELSLOTS slot... and their RANGE forms. */
    static void addOrDel(Ctx c, boolean del, boolean ranges) {
        ClusterNode me = c.server.cluster;
        Topology t = me.topology();
        if (ranges && c.argc() % 2 == 1) throw new RedisError(Errors.wrongArity(c.spec.name));
        boolean[] seen = new boolean[HashSlot.SLOTS];
        int[][] spans = new int[ranges ? (c.argc() - 2) / 2 : c.argc() - 2][];
        if (!ranges) for (int j = 2; j < c.argc(); j++) slot(c, j); // every slot parses before any check
        for (int k = 0; k < spans.length; k++) {
            int start;
            int end;
            if (ranges) {
                start = slot(c, 2 + 2 * k);
                end = slot(c, 3 + 2 * k);
                if (start > end) throw new RedisError(Errors.clusterSlotRange(start, end));
            } else {
                start = end = slot(c, 2 + k);
            }
            // checkSlotAssignmentsOrReply
            for (int s = start; s <= end; s++) {
                if (del && t.owner(s) < 0) throw new RedisError(Errors.clusterSlotState("unassigned", s));
                if (!del && t.owner(s) >= 0) throw new RedisError(Errors.clusterSlotState("busy", s));
                if (seen[s]) throw new RedisError(Errors.clusterSlotState("multiple", s));
                seen[s] = true;
            }
            spans[k] = new int[] {start, end};
        }
        me.bus().update(v -> {
            Topology.Builder b = v.toBuilder();
            for (int[] sp : spans) {
                b.assign(sp[0], sp[1], del ? -1 : me.index);
                if (!del) {
                    // a slot added here is no longer being imported
                    for (int s = sp[0]; s <= sp[1]; s++) {
                        Topology.Migration m = b.migration(s);
                        if (m != null && m.to() == me.index && m.importing()) setSides(b, m, m.migrating(), false);
                    }
                }
            }
            return b.build();
        });
        c.ok();
    }

    /** SETSLOT slot MIGRATING|IMPORTING node / STABLE / NODE node. */
    static void setslot(Ctx c) {
        ClusterNode me = c.server.cluster;
        Topology t = me.topology();
        if (!t.node(me.index).master()) throw new RedisError(Errors.CLUSTER_SETSLOT_ON_REPLICA);
        int slot = slot(c, 2);
        if (c.is(3, "migrating") && c.argc() == 5) {
            if (t.owner(slot) != me.index) throw new RedisError(Errors.clusterNotOwner(slot));
            int n = known(c, me, t, Errors.clusterDontKnow(c.str(4)));
            me.bus().update(v -> {
                Topology.Builder b = v.toBuilder();
                Topology.Migration m = b.migration(slot);
                boolean importing = m != null && m.from() == me.index && m.to() == n && m.importing();
                b.addMigration(new Topology.Migration(slot, me.index, n, true, importing));
                return b.build();
            });
        } else if (c.is(3, "importing") && c.argc() == 5) {
            if (t.owner(slot) == me.index) throw new RedisError(Errors.clusterAlreadyOwner(slot));
            int n = known(c, me, t, Errors.clusterDontKnow(c.str(4)));
            me.bus().update(v -> {
                Topology.Builder b = v.toBuilder();
                Topology.Migration m = b.migration(slot);
                boolean migrating = m != null && m.from() == n && m.to() == me.index && m.migrating();
                b.addMigration(new Topology.Migration(slot, n, me.index, migrating, true));
                return b.build();
            });
        } else if (c.is(3, "stable") && c.argc() == 4) {
            me.bus().update(v -> {
                Topology.Builder b = v.toBuilder();
                Topology.Migration m = b.migration(slot);
                if (m != null) setSides(b, m, m.migrating() && m.from() != me.index, m.importing() && m.to() != me.index);
                return b.build();
            });
        } else if (c.is(3, "node") && c.argc() == 5) {
            int n = known(c, me, t, Errors.clusterUnknownNode(c.str(4)));
            int keys = ClusterModeCommands.keysInSlot(c, slot, Long.MAX_VALUE).size();
            if (t.owner(slot) == me.index && n != me.index && keys != 0) throw new RedisError(Errors.clusterStillHoldsKeys(slot));
            me.bus().update(v -> {
                Topology.Builder b = v.toBuilder();
                Topology.Migration m = b.migration(slot);
                if (m != null && keys == 0 && m.from() == me.index && m.migrating()) {
                    setSides(b, m, false, m.importing());
                    m = b.migration(slot);
                }
                b.assign(slot, slot, n);
                if (n == me.index && m != null && m.to() == me.index && m.importing()) {
                    dev.emredis.internal.cluster.ClusterOps.bumpEpoch(b, me.index);
                    setSides(b, m, m.migrating(), false);
                }
                return b.build();
            });
        } else {
            throw new RedisError(Errors.CLUSTER_SETSLOT_SYNTAX);
        }
        c.ok();
    }

    private static void setSides(Topology.Builder b, Topology.Migration m, boolean migrating, boolean importing) {
        if (!migrating && !importing) {
            b.removeMigration(m.slot());
        } else {
            b.addMigration(new Topology.Migration(m.slot(), m.from(), m.to(), migrating, importing));
        }
    }

    /** The master named by argv[4]; {@code unknown} when there is no such node. */
    private static int known(Ctx c, ClusterNode me, Topology t, String unknown) {
        int n = me.bus().indexOf(c.str(4));
        if (n < 0) throw new RedisError(unknown);
        if (!t.node(n).master()) throw new RedisError(Errors.CLUSTER_TARGET_NOT_MASTER);
        return n;
    }

    /** getSlotOrReply. */
    private static int slot(Ctx c, int i) {
        Long v = Num.parseLong(c.arg(i));
        if (v == null || v < 0 || v >= HashSlot.SLOTS) throw new RedisError(Errors.CLUSTER_INVALID_OR_OUT_OF_RANGE_SLOT);
        return v.intValue();
    }
}

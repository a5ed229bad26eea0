package dev.emredis.junit5;

import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import java.util.ArrayList;
import java.util.List;

/** What "a clean cluster" means between tests: the layout it was built with, and no data. */
final class ClusterReset {
    private static final int SLOTS = 16384;

    /** The topology right after start: each slot's master and which nodes were masters. */
    static final class Layout {
        final int[] owner = new int[SLOTS];
        final boolean[] master;

        Layout(RedisCluster c) {
            for (int s = 0; s < SLOTS; s++) owner[s] = c.masterOf(s);
            master = new boolean[c.nodes().size()];
            for (int i : c.masters()) master[i] = true;
        }

        /** Maximal runs of slots with the same initial owner, as {first, last, owner}. */
        List<int[]> ranges() {
            List<int[]> l = new ArrayList<>();
            int first = 0;
            for (int s = 1; s <= SLOTS; s++) {
                if (s == SLOTS || owner[s] != owner[first]) {
                    l.add(new int[] {first, s - 1, owner[first]});
                    first = s;
                }
            }
            return l;
        }
    }

    private ClusterReset() { }

    /**
     * Recovers failed nodes and clears faults, undoes failovers (a node that was a master at start
     * is promoted back by failing over its shard's current master), puts every slot back on its
     * initial master (closing open migrations), then resets every node as
     * {@link ServerReset#reset} does (FLUSHALL on masters reaches their replicas) and empties
     * every journal once replication has caught up.
     */
    static void reset(RedisCluster c, Layout initial) {
        int n = c.nodes().size();
        for (int i = 0; i < n; i++) {
            if (c.isFailed(i)) c.recoverNode(i);
            c.node(i).faults().clear();
        }
        for (int i = 0; i < n; i++) {
            if (!initial.master[i] || c.isMaster(i)) continue;
            int current = shardMaster(c, i);
            // replicasOf lists replicas by index and a shard's first master has its lowest index,
            // so failing over the current master promotes node i back
            int promoted = c.failover(current);
            if (promoted != i) throw new IllegalStateException("could not give node " + i + " its master role back (promoted " + promoted + ")");
        }
        for (int[] r : initial.ranges()) {
            if (r[2] < 0) c.unassignSlots(r[0], r[1]);
            else c.assignSlots(r[0], r[1], r[2]);
        }
        List<RedisEmulator> replicas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (c.isMaster(i)) ServerReset.reset(c.node(i));
            else replicas.add(c.node(i));
        }
        c.awaitReplication();
        for (RedisEmulator r : replicas) ServerReset.reset(r);
        c.clock().useSystemTime();
        c.journal().clear();
    }

    /** The current master of replica {@code i}'s shard. */
    private static int shardMaster(RedisCluster c, int i) {
        for (int m : c.masters()) if (c.replicasOf(m).contains(i)) return m;
        throw new IllegalStateException("node " + i + " has no master");
    }
}

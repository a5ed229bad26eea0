package dev.emredis.junit5;

import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import java.util.ArrayList;
import java.util.List;

/** What "a clean cluster" means between tests: the cluster as it was built, with no data. */
final class ClusterReset {
    private ClusterReset() { }

    /**
     * {@link RedisCluster#reset()} (faults cleared, keys deleted, initial roles, slots, epochs and
     * replication restored, open migrations closed), then each node as {@link ServerReset#reset}
     * leaves a single server (SCRIPT/FUNCTION FLUSH — the function flush replicated from the
     * masters — journal emptied, clock back to system time), journals emptied last once
     * replication has caught up.
     */
    static void reset(RedisCluster c) {
        c.reset();
        List<RedisEmulator> replicas = new ArrayList<>();
        for (int i = 0; i < c.nodes().size(); i++) {
            if (c.isMaster(i)) ServerReset.reset(c.node(i));
            else replicas.add(c.node(i));
        }
        c.awaitReplication();
        for (RedisEmulator r : replicas) ServerReset.reset(r);
        c.clock().useSystemTime();
        c.journal().clear();
    }
}

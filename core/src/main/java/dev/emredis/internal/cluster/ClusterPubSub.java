package dev.emredis.internal.cluster;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.ServerListener;

/**
 * Pub/sub across an emulated cluster, as Redis's cluster bus carries it: a PUBLISH run on one node
 * reaches the subscribers of every other node (clusterPropagatePublish), an SPUBLISH reaches the
 * other nodes of the same shard, master and replicas (clusterPropagatePublishShard). The reply
 * counts only the publishing node's receivers, as in Redis. Delivery to the other nodes is
 * asynchronous, on their own event loops.
 */
public final class ClusterPubSub implements ServerListener {
    private final ClusterNode me;

    public ClusterPubSub(ClusterNode me) {
        this.me = me;
    }

    @Override
    public void afterCommand(Client c, CommandSpec spec, byte[][] argv, long micros) {
        boolean shard = spec.name.equals("spublish");
        if (!shard && !spec.name.equals("publish")) return;
        if (argv.length != 3) return;
        byte[] channel = argv[1];
        byte[] message = argv[2];
        Topology t = me.topology();
        int myShard = t.masterOf(me.index);
        for (Topology.Node n : t.nodes()) {
            if (n.index() == me.index) continue;
            if (shard && (myShard < 0 || t.masterOf(n.index()) != myShard)) continue;
            Server s = me.bus().node(n.index()).server();
            if (s == null || s.loop() == null || !s.loop().running()) continue;
            s.loop().execute(() -> {
                if (shard) {
                    s.pubsub().spublish(channel, message);
                } else {
                    s.pubsub().publish(channel, message);
                }
            });
        }
    }
}

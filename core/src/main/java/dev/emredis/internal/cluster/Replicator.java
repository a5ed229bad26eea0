package dev.emredis.internal.cluster;

import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.EventLoop;
import dev.emredis.internal.server.ReplicaFeed;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;

/**
 * Replication between nodes of an emulated cluster, in process: the master's replication stream
 * (every write as run, DELs of expired keys, SELECTs, PINGs) is handed frame by frame to the
 * replica's event loop, which applies it as commands from its master (no redirection, no
 * READONLY refusal), in order. So READONLY reads on a replica see the master's writes shortly
 * after, and a promoted replica holds the data. Offsets count the stream's bytes on both sides.
 */
public final class Replicator {
    private Replicator() {}

    /**
     * Makes {@code replica} follow {@code master}. Both must hold the same data already (empty at
     * start, or a failover's old master and replicas, which applied the whole stream). Call from
     * outside both event loops, or from the master's loop while the replica's loop is free.
     */
    public static void connect(ClusterNode master, ClusterNode replica) {
        Server ms = master.server();
        ms.loop().call(() -> {
            ms.replicaFeed.ensureBacklog();
            long offset = ms.replicaFeed.offset();
            String replid = ms.replication.replid();
            Client fromMaster = replica.server().loop().call(() -> {
                Client fm = follow(master, replica, offset);
                replica.server().replication.adoptReplid(replid);
                return fm;
            });
            attach(master, replica, fromMaster);
            return null;
        });
    }

    /**
     * On the replica's loop: it becomes a replica of {@code master} whose link is up, having
     * applied the stream up to {@code offset}; returns the client the stream will run as.
     */
    public static Client follow(ClusterNode master, ClusterNode replica, long offset) {
        Server rs = replica.server();
        rs.replication.followInProcess(replica.ipOf(master.index), replica.portOf(master.index), offset);
        return rs.newClient(null);
    }

    /** On the master's loop: the replica gets every later frame of the stream. */
    public static void attach(ClusterNode master, ClusterNode replica, Client fromMaster) {
        Server ms = master.server();
        Server rs = replica.server();
        EventLoop rloop = rs.loop();
        ReplicaFeed.InProcessReplica link = new ReplicaFeed.InProcessReplica(
                master.ipOf(replica.index), master.portOf(replica.index), () -> rs.replication.appliedOffset(),
                (argv, len) -> {
                    byte[][] copy = argv.clone();
                    // a replica shut down (SHUTDOWN, close) no longer takes the stream
                    if (rloop.running()) rloop.execute(() -> apply(rs, fromMaster, copy, len));
                });
        ms.replicaFeed.attachInProcess(link);
        replica.upstream = link;
        replica.upstreamMaster = master;
        // Redis masters PING their replicas; it also gives the replica a non-zero offset
        // (CLUSTER SLOTS leaves out replicas that replicated nothing yet)
        ms.replicaFeed.propagate(-1, "PING".getBytes(StandardCharsets.US_ASCII));
    }

    /** Stops feeding {@code replica} from its master (before a failover or CLUSTER RESET). */
    public static void disconnect(ClusterNode replica) {
        ClusterNode master = replica.upstreamMaster;
        ReplicaFeed.InProcessReplica link = replica.upstream;
        if (master == null || link == null) return;
        Server ms = master.server();
        ms.loop().call(() -> {
            ms.replicaFeed.detachInProcess(link);
            return null;
        });
        replica.upstream = null;
        replica.upstreamMaster = null;
    }

    /** Waits until every frame the master sent so far has been applied on its replicas. */
    public static void drain(ClusterNode master, Iterable<ClusterNode> replicas) {
        master.server().loop().call(() -> null);
        for (ClusterNode r : replicas) r.server().loop().call(() -> null);
    }

    private static void apply(Server rs, Client fromMaster, byte[][] argv, long len) {
        try {
            String name = new String(argv[0], StandardCharsets.US_ASCII);
            if (name.equalsIgnoreCase("ping")) return;
            if (name.equalsIgnoreCase("select")) {
                fromMaster.db = Integer.parseInt(new String(argv[1], StandardCharsets.US_ASCII));
                return;
            }
            rs.applyingMasterStream = true;
            try {
                Internal.run(rs, fromMaster, argv);
            } finally {
                rs.applyingMasterStream = false;
            }
        } finally {
            rs.replication.applied(len);
        }
    }
}

package dev.emredis.internal.cluster;

import java.util.function.UnaryOperator;

/**
 * What the nodes of one emulated cluster share in place of Redis's cluster bus: the current
 * {@link Topology}, swapped atomically, and the nodes themselves (all in this JVM). Every node
 * reads the same view, so a topology change is seen by all of them at the same instant.
 */
public final class ClusterBus {
    private final ClusterNode[] nodes;
    private volatile Topology topology;
    private final long createdMillis;
    /** Held by every topology-changing operation that moves data or roles, so they never interleave. */
    public final Object adminLock = new Object();

    public ClusterBus(ClusterNode[] nodes, Topology initial, long createdMillis) {
        this.nodes = nodes;
        this.topology = initial;
        this.createdMillis = createdMillis;
        for (ClusterNode n : nodes) n.bus = this;
    }

    public Topology topology() {
        return topology;
    }

    public ClusterNode node(int i) {
        return nodes[i];
    }

    public int size() {
        return nodes.length;
    }

    long createdMillis() {
        return createdMillis;
    }

    /** Publishes the next view, computed from the current one; changes are serialised. */
    public synchronized Topology update(UnaryOperator<Topology> change) {
        Topology next = change.apply(topology);
        topology = next;
        // each node re-checks its blocked clients against the new view, on its own loop
        for (ClusterNode n : nodes) {
            var s = n.server();
            if (s != null && s.loop() != null && s.loop().running()) s.loop().execute(n::redirectBlockedClients);
        }
        return next;
    }

    /** The node with this 40-hex id, or -1. */
    public int indexOf(String id) {
        for (ClusterNode n : nodes) if (n.id.equalsIgnoreCase(id)) return n.index;
        return -1;
    }
}

package dev.emredis.internal.cluster;

import dev.emredis.internal.resp.ReplySink;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The topology replies clients parse, built from one {@link Topology} view as seen by node
 * {@code me}: CLUSTER NODES lines, CLUSTER SLOTS ranges, CLUSTER SHARDS maps and CLUSTER INFO
 * (shapes of Redis 7.0's clusterGenNodeDescription, clusterReplyMultiBulkSlots,
 * clusterReplyShards and the CLUSTER INFO branch of clusterCommand).
 */
public final class ClusterReplies {
    private ClusterReplies() {}

    /** One CLUSTER NODES line, without the trailing newline. */
    public static String nodeLine(ClusterNode me, Topology t, int i, long now) {
        Topology.Node n = t.node(i);
        StringBuilder b = new StringBuilder(160);
        b.append(n.id()).append(' ').append(me.ipOf(i)).append(':').append(me.portOf(i)).append('@').append(me.busPortOf(i));
        String hostname = me.hostnameOf(i);
        if (!hostname.isEmpty()) b.append(',').append(hostname);
        b.append(' ');
        // flag order of representClusterNodeFlags: myself, master, slave, fail?, fail, ...
        if (i == me.index) b.append("myself,");
        b.append(n.master() ? "master" : "slave");
        if (n.suspected()) b.append(",fail?");
        if (n.failed()) b.append(",fail");
        b.append(' ').append(n.master() || n.masterIndex() < 0 ? "-" : t.node(n.masterIndex()).id());
        boolean down = n.down() && i != me.index;
        long pingSent = down ? n.failedSinceMillis() : 0;
        // pong times: peers answered just now; myself shows the current second
        long pong = i == me.index ? now / 1000 * 1000 : down ? n.failedSinceMillis() - 1 : now;
        b.append(' ').append(pingSent).append(' ').append(pong).append(' ').append(nodeEpoch(t, i));
        b.append(down ? " disconnected" : " connected");
        if (n.master()) {
            for (int[] r : t.ranges(i)) {
                b.append(' ').append(r[0]);
                if (r[1] != r[0]) b.append('-').append(r[1]);
            }
        }
        if (i == me.index) {
            // only a node's own line shows its open migrations
            for (Topology.Migration m : t.migrations()) {
                if (m.from() == i && m.migrating()) b.append(" [").append(m.slot()).append("->-").append(t.node(m.to()).id()).append(']');
            }
            for (Topology.Migration m : t.migrations()) {
                if (m.to() == i && m.importing()) b.append(" [").append(m.slot()).append("-<-").append(t.node(m.from()).id()).append(']');
            }
        }
        return b.toString();
    }

    /** A replica reports its master's config epoch. */
    public static long nodeEpoch(Topology t, int i) {
        Topology.Node n = t.node(i);
        return !n.master() && n.masterIndex() >= 0 ? t.node(n.masterIndex()).configEpoch() : n.configEpoch();
    }

    /** CLUSTER NODES text: one line per node, each ending in a newline. */
    public static String nodes(ClusterNode me, Topology t, long now) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < t.size(); i++) b.append(nodeLine(me, t, i, now)).append('\n');
        return b.toString();
    }

    /**
     * CLUSTER SLOTS: one entry per maximal run of slots with the same owner, in slot order; each
     * lists the master then the replicas that are up and have replicated something.
     */
    public static void slots(ClusterNode me, Topology t, ReplySink out) {
        int runs = 0;
        for (int s = 0; s < HashSlot.SLOTS; s++) {
            if (t.owner(s) >= 0 && (s == 0 || t.owner(s - 1) != t.owner(s))) runs++;
        }
        out.array(runs);
        int s = 0;
        while (s < HashSlot.SLOTS) {
            int o = t.owner(s);
            int e = s;
            while (e + 1 < HashSlot.SLOTS && t.owner(e + 1) == o) e++;
            if (o >= 0) {
                List<Topology.Node> replicas = t.replicasOf(o);
                replicas.removeIf(r -> r.failed() || me.bus.node(r.index()).replicationOffset() == 0);
                out.array(3 + replicas.size());
                out.integer(s);
                out.integer(e);
                slotNode(me, o, out);
                for (Topology.Node r : replicas) slotNode(me, r.index(), out);
            }
            s = e + 1;
        }
    }

    private static void slotNode(ClusterNode me, int i, ReplySink out) {
        String type = me.preferredEndpointType();
        String hostname = me.hostnameOf(i);
        out.array(4);
        switch (type) {
            case "hostname":
                out.bulk(hostname.isEmpty() ? "?" : hostname);
                break;
            case "unknown-endpoint":
                out.nullBulk();
                break;
            default:
                out.bulk(me.ipOf(i));
        }
        out.integer(me.portOf(i));
        out.bulk(me.topology().node(i).id());
        boolean withIp = !type.equals("ip");
        boolean withHostname = !type.equals("hostname") && !hostname.isEmpty();
        out.map((withIp ? 1 : 0) + (withHostname ? 1 : 0));
        if (withIp) {
            out.bulk("ip");
            out.bulk(me.ipOf(i));
        }
        if (withHostname) {
            out.bulk("hostname");
            out.bulk(hostname);
        }
    }

    /** CLUSTER SHARDS: per master, its slot pairs and its nodes (master first). */
    public static void shards(ClusterNode me, Topology t, ReplySink out) {
        int masters = 0;
        for (Topology.Node n : t.nodes()) if (n.master()) masters++;
        out.array(masters);
        for (Topology.Node n : t.nodes()) {
            if (!n.master()) continue;
            out.map(2);
            out.bulk("slots");
            List<int[]> ranges = t.ranges(n.index());
            out.array(ranges.size() * 2);
            for (int[] r : ranges) {
                out.integer(r[0]);
                out.integer(r[1]);
            }
            out.bulk("nodes");
            List<Topology.Node> replicas = t.replicasOf(n.index());
            out.array(1 + replicas.size());
            shardNode(me, n, out);
            for (Topology.Node r : replicas) shardNode(me, r, out);
        }
    }

    private static void shardNode(ClusterNode me, Topology.Node n, ReplySink out) {
        int i = n.index();
        String hostname = me.hostnameOf(i);
        out.map(hostname.isEmpty() ? 7 : 8);
        out.bulk("id");
        out.bulk(n.id());
        out.bulk("port");
        out.integer(me.portOf(i));
        out.bulk("ip");
        out.bulk(me.ipOf(i));
        out.bulk("endpoint");
        out.bulk(me.endpointOf(i));
        if (!hostname.isEmpty()) {
            out.bulk("hostname");
            out.bulk(hostname);
        }
        long offset = me.bus.node(i).replicationOffset();
        out.bulk("role");
        out.bulk(n.master() ? "master" : "replica");
        out.bulk("replication-offset");
        out.integer(offset);
        out.bulk("health");
        out.bulk(n.failed() ? "fail" : !n.master() && offset == 0 ? "loading" : "online");
    }

    /** CLUSTER INFO text. Message counters grow with the cluster's age, as gossip would. */
    public static String info(ClusterNode me, Topology t, long now) {
        int assigned = t.assignedSlots();
        int failed = t.failedSlots();
        int suspected = t.suspectedSlots();
        long age = Math.max(1, (now - me.bus.createdMillis()) / 1000 + 1);
        long peers = Math.max(0, t.size() - 1);
        long pings = age * peers;
        StringBuilder b = new StringBuilder(512);
        line(b, "cluster_state", me.stateOk(t) ? "ok" : "fail");
        line(b, "cluster_slots_assigned", assigned);
        line(b, "cluster_slots_ok", assigned - failed - suspected);
        line(b, "cluster_slots_pfail", suspected);
        line(b, "cluster_slots_fail", failed);
        line(b, "cluster_known_nodes", t.size());
        line(b, "cluster_size", t.servingMasters());
        line(b, "cluster_current_epoch", t.currentEpoch());
        line(b, "cluster_my_epoch", nodeEpoch(t, me.index));
        if (peers > 0) {
            line(b, "cluster_stats_messages_ping_sent", pings);
            line(b, "cluster_stats_messages_pong_sent", pings);
            line(b, "cluster_stats_messages_sent", 2 * pings);
            line(b, "cluster_stats_messages_ping_received", pings);
            line(b, "cluster_stats_messages_pong_received", pings);
            line(b, "cluster_stats_messages_received", 2 * pings);
        }
        line(b, "total_cluster_links_buffer_limit_exceeded", 0);
        return b.toString();
    }

    private static void line(StringBuilder b, String k, Object v) {
        b.append(k).append(':').append(v).append("\r\n");
    }

    /** CLUSTER LINKS: a link to and from every peer that is up. */
    public static void links(ClusterNode me, Topology t, ReplySink out) {
        int peers = 0;
        for (Topology.Node n : t.nodes()) if (n.index() != me.index && !n.down()) peers++;
        out.array(peers * 2);
        for (Topology.Node n : t.nodes()) {
            if (n.index() == me.index || n.down()) continue;
            for (String dir : new String[] {"to", "from"}) {
                out.map(6);
                out.bulk("direction");
                out.bulk(dir);
                out.bulk("node");
                out.bulk(n.id());
                out.bulk("create-time");
                out.integer(me.bus.createdMillis());
                out.bulk("events");
                out.bulk(dir.equals("to") ? "r" : "r");
                out.bulk("send-buffer-allocated");
                out.integer(0);
                out.bulk("send-buffer-used");
                out.integer(0);
            }
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

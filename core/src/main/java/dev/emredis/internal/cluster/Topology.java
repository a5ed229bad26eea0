package dev.emredis.internal.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One immutable view of the cluster: the nodes (role, master, config epoch, failure flag), the
 * owner of every hash slot, open slot migrations and the current epoch. Every change builds a new
 * view and publishes it at once, so every node answers CLUSTER SLOTS/SHARDS/NODES and redirects
 * from the same view: a client never sees a MOVED to a node the topology does not know yet.
 */
public final class Topology {
    /**
     * A node as the cluster knows it. Indexes are stable for the cluster's life. {@code failed}
     * is Redis's FAIL flag; {@code suspected} its PFAIL ("fail?": unreachable, not yet agreed
     * failed); {@code failedSinceMillis} when it stopped answering.
     */
    public record Node(int index, String id, String host, int port, boolean master, int masterIndex,
                       long configEpoch, boolean failed, long failedSinceMillis, boolean suspected) {
        public Node(int index, String id, String host, int port, boolean master, int masterIndex, long configEpoch) {
            this(index, id, host, port, master, masterIndex, configEpoch, false, 0, false);
        }

        Node withRole(boolean isMaster, int master) {
            return new Node(index, id, host, port, isMaster, master, configEpoch, failed, failedSinceMillis, suspected);
        }

        Node withEpoch(long epoch) {
            return new Node(index, id, host, port, master, masterIndex, epoch, failed, failedSinceMillis, suspected);
        }

        Node withFailed(boolean f, long since) {
            // FAIL replaces PFAIL; up again clears both
            long from = f ? (suspected ? failedSinceMillis : since) : 0;
            return new Node(index, id, host, port, master, masterIndex, configEpoch, f, from, false);
        }

        Node withSuspected(long since) {
            return new Node(index, id, host, port, master, masterIndex, configEpoch, false, since, true);
        }

        /** Not answering: failed or suspected. */
        public boolean down() {
            return failed || suspected;
        }
    }

    /**
     * A slot being moved: MIGRATING on {@code from} (when {@code migrating}), IMPORTING on
     * {@code to} (when {@code importing}); CLUSTER SETSLOT sets each side on its own.
     */
    public record Migration(int slot, int from, int to, boolean migrating, boolean importing) {
        /** Both sides open, as the Java API opens them. */
        public Migration(int slot, int from, int to) {
            this(slot, from, to, true, true);
        }
    }

    private final Node[] nodes;
    private final int[] owner;
    private final List<Migration> migrations;
    private final long currentEpoch;

    Topology(Node[] nodes, int[] owner, List<Migration> migrations, long currentEpoch) {
        this.nodes = nodes;
        this.owner = owner;
        this.migrations = List.copyOf(migrations);
        this.currentEpoch = currentEpoch;
    }

    public int size() {
        return nodes.length;
    }

    public Node node(int i) {
        return nodes[i];
    }

    public List<Node> nodes() {
        return List.of(nodes);
    }

    /** The index of the master serving the slot, or -1 when the slot is unassigned. */
    public int owner(int slot) {
        return owner[slot];
    }

    public long currentEpoch() {
        return currentEpoch;
    }

    public List<Migration> migrations() {
        return migrations;
    }

    /** The node {@code node} is migrating {@code slot} to, or -1. */
    public int migratingTo(int node, int slot) {
        for (Migration m : migrations) if (m.slot == slot && m.from == node && m.migrating) return m.to;
        return -1;
    }

    /** The node {@code node} is importing {@code slot} from, or -1. */
    public int importingFrom(int node, int slot) {
        for (Migration m : migrations) if (m.slot == slot && m.to == node && m.importing) return m.from;
        return -1;
    }

    /** The effective master of a node: itself when a master, else the one it replicates. */
    public int masterOf(int node) {
        return nodes[node].master ? node : nodes[node].masterIndex;
    }

    /** Replicas of a master, in index order. */
    public List<Node> replicasOf(int master) {
        List<Node> l = new ArrayList<>();
        for (Node n : nodes) if (!n.master && n.masterIndex == master) l.add(n);
        return l;
    }

    /** Maximal runs of slots owned by {@code master}, as [start, end] pairs in slot order. */
    public List<int[]> ranges(int master) {
        List<int[]> l = new ArrayList<>();
        int start = -1;
        for (int s = 0; s <= HashSlot.SLOTS; s++) {
            boolean mine = s < HashSlot.SLOTS && owner[s] == master;
            if (mine && start < 0) start = s;
            if (!mine && start >= 0) {
                l.add(new int[] {start, s - 1});
                start = -1;
            }
        }
        return l;
    }

    /** Assigned slots whose owner is suspected (PFAIL) but not failed. */
    public int suspectedSlots() {
        int n = 0;
        for (int o : owner) if (o >= 0 && nodes[o].suspected) n++;
        return n;
    }

    /** Slots with an owner. */
    public int assignedSlots() {
        int n = 0;
        for (int o : owner) if (o >= 0) n++;
        return n;
    }

    /** Assigned slots whose owner is flagged failed. */
    public int failedSlots() {
        int n = 0;
        for (int o : owner) if (o >= 0 && nodes[o].failed) n++;
        return n;
    }

    /** Masters serving at least one slot (cluster_size). */
    public int servingMasters() {
        boolean[] seen = new boolean[nodes.length];
        int n = 0;
        for (int o : owner) {
            if (o >= 0 && !seen[o]) {
                seen[o] = true;
                n++;
            }
        }
        return n;
    }

    /**
     * Redis's clusterUpdateState: with cluster-require-full-coverage, the cluster is down while a
     * slot is unassigned or served by a failed master.
     */
    public boolean ok(boolean requireFullCoverage) {
        if (!requireFullCoverage) return true;
        for (int o : owner) if (o < 0 || nodes[o].failed) return false;
        return true;
    }

    /** A mutable copy to build the next view from. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds the next view. */
    public static final class Builder {
        final Node[] nodes;
        final int[] owner;
        final List<Migration> migrations;
        long currentEpoch;

        Builder(Node[] nodes) {
            this.nodes = nodes.clone();
            this.owner = new int[HashSlot.SLOTS];
            Arrays.fill(owner, -1);
            this.migrations = new ArrayList<>();
        }

        Builder(Topology t) {
            this.nodes = t.nodes.clone();
            this.owner = t.owner.clone();
            this.migrations = new ArrayList<>(t.migrations);
            this.currentEpoch = t.currentEpoch;
        }

        public Node node(int i) {
            return nodes[i];
        }

        public int owner(int slot) {
            return owner[slot];
        }

        public Builder assign(int from, int to, int node) {
            for (int s = from; s <= to; s++) owner[s] = node;
            return this;
        }

        public Builder node(Node n) {
            nodes[n.index()] = n;
            return this;
        }

        public Builder role(int node, boolean master, int masterIndex) {
            nodes[node] = nodes[node].withRole(master, masterIndex);
            return this;
        }

        public Builder epoch(int node, long epoch) {
            nodes[node] = nodes[node].withEpoch(epoch);
            currentEpoch = Math.max(currentEpoch, epoch);
            return this;
        }

        public Builder suspected(int node, long since) {
            nodes[node] = nodes[node].withSuspected(since);
            return this;
        }

        public Builder failed(int node, boolean failed, long since) {
            nodes[node] = nodes[node].withFailed(failed, since);
            return this;
        }

        /** A new epoch, greater than every epoch seen: Redis's failover and SETSLOT bumps. */
        public long bumpEpoch() {
            return ++currentEpoch;
        }

        public Builder currentEpoch(long e) {
            currentEpoch = e;
            return this;
        }

        public Builder addMigration(Migration m) {
            migrations.removeIf(x -> x.slot() == m.slot());
            migrations.add(m);
            return this;
        }

        /** The slot's migration record, or null. */
        public Migration migration(int slot) {
            for (Migration m : migrations) if (m.slot() == slot) return m;
            return null;
        }

        public Builder removeMigration(int slot) {
            migrations.removeIf(x -> x.slot() == slot);
            return this;
        }

        public Topology build() {
            return new Topology(nodes.clone(), owner.clone(), migrations, currentEpoch);
        }
    }

    /** The first view: nodes as given, no slot assigned. */
    public static Builder initial(Node[] nodes) {
        return new Builder(nodes);
    }
}

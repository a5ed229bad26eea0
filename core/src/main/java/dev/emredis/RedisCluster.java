package dev.emredis;

import dev.emredis.internal.cluster.ClusterBus;
import dev.emredis.internal.cluster.ClusterNode;
import dev.emredis.internal.cluster.ClusterOps;
import dev.emredis.internal.cluster.HashSlot;
import dev.emredis.internal.cluster.Replicator;
import dev.emredis.internal.cluster.Topology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An emulated Redis Cluster in this JVM: N masters, each with R replicas, every node a full
 * {@link RedisEmulator} on its own loopback port (with its own {@link Faults} and
 * {@link Journal}), all sharing one {@link Clock} and one topology. Keyed commands are routed as
 * Redis 7.0 routes them (MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN, READONLY reads on
 * replicas); CLUSTER SLOTS/SHARDS/NODES/INFO answer from the shared topology, which every
 * method here changes atomically: all nodes show the new view before the first redirection that
 * depends on it. Writes to a master reach its replicas (in process), so reads after READONLY and
 * a failover keep the data.
 *
 * <pre>{@code
 * try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).build().start()) {
 *     JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()));
 *     jedis.set("foo", "bar");
 *     cluster.moveSlot(cluster.slotOf("foo"), 2);   // the old owner now answers -MOVED
 *     cluster.failover(2);                          // node 2's replica takes over
 *     assertThat(cluster.journal().discoveryCalls()).isLessThan(10);
 * }
 * }</pre>
 *
 * Node indexes: masters are {@code 0..masters-1}, then the replicas of master 0, of master 1...
 * Indexes stay with their node when roles change (after {@code failover(0)} node 0 is a replica).
 * Slots are split as {@code redis-cli --cluster create} splits them (0-5460, 5461-10922,
 * 10923-16383 for three masters). Thread-safe; topology changes are serialised.
 */
public final class RedisCluster implements AutoCloseable {
    private final Builder config;
    private final Clock clock = new Clock();
    private final List<RedisEmulator> nodes = new ArrayList<>();
    private ClusterBus bus;
    private Topology initialTopology;
    private final ClusterJournal journal = new ClusterJournal(this);
    private volatile boolean started;
    private volatile boolean closed;

    private RedisCluster(Builder b) {
        this.config = b;
    }

    /** A builder with the defaults: 3 masters, no replicas, random free ports on 127.0.0.1. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts every node, assigns the slots and connects the replicas; returns this cluster,
     * started (its state is ok). Fails, closing what it started, if a port is taken.
     */
    public synchronized RedisCluster start() {
        if (closed) throw new IllegalStateException("cluster already closed");
        if (started) return this;
        int masters = config.masters;
        int total = masters * (1 + config.replicasPerMaster);
        SplittableRandom ids = new SplittableRandom(config.seed);
        ClusterNode[] cn = new ClusterNode[total];
        try {
            for (int i = 0; i < total; i++) {
                cn[i] = new ClusterNode(i, hexId(ids));
                RedisEmulator.Builder b = RedisEmulator.builder()
                        .bind(config.bind)
                        .port(config.basePort == 0 ? 0 : config.basePort + i)
                        .seed(config.seed + i)
                        .config("cluster-enabled", "yes");
                if (config.version != null) b.version(config.version);
                for (Map.Entry<String, String> e : config.nodeConfig.entrySet()) b.config(e.getKey(), e.getValue());
                b.clusterNode = cn[i];
                b.clock = clock;
                nodes.add(b.build().start());
            }
        } catch (RuntimeException e) {
            closeNodes();
            throw e;
        }
        Topology.Node[] tn = new Topology.Node[total];
        for (int i = 0; i < total; i++) {
            boolean master = i < masters;
            int masterIndex = master ? -1 : (i - masters) / config.replicasPerMaster;
            // redis-cli gives every node its own config epoch, 1..N; replicas show their master's
            tn[i] = new Topology.Node(i, cn[i].id, config.bind, nodes.get(i).port(), master, masterIndex, i + 1);
        }
        Topology.Builder tb = Topology.initial(tn).currentEpoch(total);
        // redis-cli's allocation: masters get equal shares, rounding as it does
        double per = (double) HashSlot.SLOTS / masters;
        double cursor = 0;
        int first = 0;
        for (int m = 0; m < masters; m++) {
            int last = (int) Math.round(cursor + per - 1);
            if (last > HashSlot.SLOTS - 1 || m == masters - 1) last = HashSlot.SLOTS - 1;
            if (last < first) last = first;
            tb.assign(first, last, m);
            first = last + 1;
            cursor += per;
        }
        initialTopology = tb.build();
        bus = new ClusterBus(cn, initialTopology, clock.millis());
        for (int i = masters; i < total; i++) Replicator.connect(cn[tn[i].masterIndex()], cn[i]);
        started = true;
        return this;
    }

    private static String hexId(SplittableRandom r) {
        StringBuilder b = new StringBuilder(40);
        for (int i = 0; i < 40; i++) b.append("0123456789abcdef".charAt(r.nextInt(16)));
        return b.toString();
    }

    /** Every node, by index (masters first, then replicas). */
    public List<RedisEmulator> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Node {@code i}: a {@link RedisEmulator} with its own faults and journal. */
    public RedisEmulator node(int i) {
        requireStarted();
        return nodes.get(i);
    }

    /** {@code redis://host:port} of node 0: what a cluster client needs to discover the rest. */
    public String seedUri() {
        return node(0).uri();
    }

    /** Every node's {@code host:port}, in index order (for clients that take a seed list). */
    public List<String> hostAndPorts() {
        List<String> l = new ArrayList<>();
        for (RedisEmulator n : nodes()) l.add(n.host() + ":" + n.port());
        return l;
    }

    /** The shared virtual clock of all nodes. */
    public Clock clock() {
        return clock;
    }

    /** The hash slot of a key (CRC16 of the key or its {hash tag}, mod 16384), as CLUSTER KEYSLOT. */
    public int slotOf(String key) {
        return HashSlot.of(key);
    }

    /** The index of the master serving {@code slot}, or -1 when unassigned. */
    public int masterOf(int slot) {
        requireStarted();
        return bus.topology().owner(slot);
    }

    /** The master currently serving {@code key}'s slot (null when the slot is unassigned). */
    public RedisEmulator masterFor(String key) {
        int m = masterOf(slotOf(key));
        return m < 0 ? null : node(m);
    }

    /** Whether node {@code i} is currently a master. */
    public boolean isMaster(int i) {
        requireStarted();
        return bus.topology().node(i).master();
    }

    /** Indexes of the current masters. */
    public List<Integer> masters() {
        requireStarted();
        List<Integer> l = new ArrayList<>();
        for (Topology.Node n : bus.topology().nodes()) if (n.master()) l.add(n.index());
        return l;
    }

    /** Indexes of the current replicas of master {@code i}. */
    public List<Integer> replicasOf(int master) {
        requireStarted();
        List<Integer> l = new ArrayList<>();
        for (Topology.Node n : bus.topology().replicasOf(master)) l.add(n.index());
        return l;
    }

    /** The 40-hex node id of node {@code i} (CLUSTER MYID). */
    public String nodeId(int i) {
        requireStarted();
        return bus.topology().node(i).id();
    }

    /** The current config epoch of node {@code i} (a replica reports its master's in CLUSTER NODES). */
    public long configEpoch(int i) {
        requireStarted();
        return bus.topology().node(i).configEpoch();
    }

    /** cluster_current_epoch. */
    public long currentEpoch() {
        requireStarted();
        return bus.topology().currentEpoch();
    }

    /**
     * Reshards one slot to master {@code toMaster}, keys included: every node's topology shows the
     * new owner before the old owner answers its first {@code -MOVED}. The target's config epoch
     * is bumped (as SETSLOT NODE on an importing node does). No-op if it already owns the slot.
     */
    public synchronized RedisCluster moveSlot(int slot, int toMaster) {
        requireStarted();
        checkSlot(slot);
        requireMaster(toMaster);
        ClusterOps.moveSlot(bus, slot, toMaster);
        return this;
    }

    /**
     * Leaves slots {@code from..to} unserved (as CLUSTER DELSLOTS), keys staying where they are:
     * keyed commands for them get {@code -CLUSTERDOWN Hash slot not served}; with
     * cluster-require-full-coverage yes (the default) the cluster state is fail, so every other
     * key gets {@code -CLUSTERDOWN The cluster is down} (or, with cluster-allow-reads-when-down,
     * writes get {@code -CLUSTERDOWN The cluster is down and only accepts read commands}).
     */
    public synchronized RedisCluster unassignSlots(int from, int to) {
        requireStarted();
        checkSlot(from);
        checkSlot(to);
        ClusterOps.assign(bus, from, to, -1);
        return this;
    }

    /**
     * Assigns slots {@code from..to} to master {@code master} without moving keys (as CLUSTER
     * ADDSLOTS; use {@link #moveSlot} to move a served slot with its keys).
     */
    public synchronized RedisCluster assignSlots(int from, int to, int master) {
        requireStarted();
        checkSlot(from);
        checkSlot(to);
        requireMaster(master);
        ClusterOps.assign(bus, from, to, master);
        return this;
    }

    /**
     * Opens a migration of {@code slot} from master {@code from} (which must own it) to master
     * {@code to}; move keys with {@link SlotMigration#moveKeys} and end with
     * {@link SlotMigration#finish()}. ASK and TRYAGAIN are answered meanwhile as Redis does.
     */
    public synchronized SlotMigration startMigration(int slot, int from, int to) {
        requireStarted();
        checkSlot(slot);
        requireMaster(from);
        requireMaster(to);
        if (from == to) throw new IllegalArgumentException("source and target are the same node");
        if (bus.topology().owner(slot) != from) {
            throw new IllegalArgumentException("node " + from + " does not own slot " + slot);
        }
        ClusterOps.startMigration(bus, slot, from, to);
        return new SlotMigration(this, slot, from, to);
    }

    synchronized void moveKeys(SlotMigration m, List<byte[]> keys) {
        Topology.Migration open = openMigration(m.slot());
        ClusterOps.moveKeys(bus, m.slot(), open.from(), open.to(), keys);
    }

    synchronized void finishMigration(SlotMigration m) {
        Topology.Migration open = openMigration(m.slot());
        ClusterOps.moveSlot(bus, m.slot(), open.to());
    }

    /** The slot's open migration now (a failover hands it to the shard's new master). */
    private Topology.Migration openMigration(int slot) {
        for (Topology.Migration x : bus.topology().migrations()) if (x.slot() == slot) return x;
        throw new IllegalStateException("no open migration of slot " + slot);
    }

    /**
     * Promotes a replica of master {@code master} (the first one not failed): it gets the slots
     * and a new config epoch (cluster_current_epoch grows), the old master becomes its replica,
     * the other replicas follow it; CLUSTER SLOTS/SHARDS/NODES change on every node at once. The
     * old master then answers keyed commands with {@code -MOVED} to the new one. Returns the
     * index of the promoted node.
     */
    public synchronized int failover(int master) {
        requireStarted();
        requireMaster(master);
        Topology t = bus.topology();
        int chosen = -1;
        for (Topology.Node r : t.replicasOf(master)) {
            if (!r.down()) {
                chosen = r.index();
                break;
            }
        }
        if (chosen < 0) throw new IllegalStateException("master " + master + " has no working replica to promote");
        ClusterOps.failover(bus, master, chosen);
        return chosen;
    }

    /**
     * Node {@code i} stops answering: it refuses new connections, drops the open ones, and every
     * other node flags it {@code fail}. While a failed master still serves slots (and
     * cluster-require-full-coverage is yes, the default) the cluster state is fail: keyed commands
     * get {@code -CLUSTERDOWN The cluster is down} until {@link #failover(int)} or
     * {@link #recoverNode(int)}. A failed replica disappears from CLUSTER SLOTS.
     */
    public synchronized RedisCluster failNode(int i) {
        requireStarted();
        RedisEmulator n = node(i);
        n.faults().refuseConnections(true);
        n.faults().closeAllConnections();
        ClusterOps.setFailed(bus, i, true, clock.millis());
        return this;
    }

    /**
     * Node {@code i} stops answering (it refuses new connections and drops the open ones) but is
     * only suspected so far: every node flags it {@code fail?} (Redis's PFAIL, before the
     * majority agrees), the cluster state stays ok and its slots keep pointing at it, so clients
     * following MOVED meet a dead node. {@link #failNode(int)} then makes it {@code fail}.
     */
    public synchronized RedisCluster suspectNode(int i) {
        requireStarted();
        RedisEmulator n = node(i);
        n.faults().refuseConnections(true);
        n.faults().closeAllConnections();
        ClusterOps.setSuspected(bus, i, clock.millis());
        return this;
    }

    /** Node {@code i} accepts connections again and is no longer flagged failed. */
    public synchronized RedisCluster recoverNode(int i) {
        requireStarted();
        node(i).faults().refuseConnections(false);
        ClusterOps.setFailed(bus, i, false, clock.millis());
        return this;
    }

    /** Whether node {@code i} is flagged suspected ({@code fail?}). */
    public boolean isSuspected(int i) {
        requireStarted();
        return bus.topology().node(i).suspected();
    }

    /** Whether node {@code i} is flagged failed. */
    public boolean isFailed(int i) {
        requireStarted();
        return bus.topology().node(i).failed();
    }

    /**
     * Waits until every replica has applied everything its master sent so far (replication is
     * asynchronous, as in Redis: a READONLY read right after a write may not see it yet).
     */
    public RedisCluster awaitReplication() {
        requireStarted();
        Topology t = bus.topology();
        for (Topology.Node n : t.nodes()) {
            if (!n.master()) continue;
            List<ClusterNode> reps = new ArrayList<>();
            for (Topology.Node r : t.replicasOf(n.index())) reps.add(bus.node(r.index()));
            Replicator.drain(bus.node(n.index()), reps);
        }
        return this;
    }

    /**
     * Back to the state {@link #start()} left: every node's faults cleared (failed nodes answer
     * again), every key deleted, the initial roles, slots and epochs restored, replicas following
     * their initial masters. Ports and node ids stay; journals and the clock are left alone. Meant
     * for test isolation between tests that share a cluster.
     */
    public synchronized RedisCluster reset() {
        requireStarted();
        for (RedisEmulator n : nodes) n.faults().clear();
        ClusterOps.reset(bus, initialTopology);
        return this;
    }

    /** The journals of all nodes as one, with {@link ClusterJournal#discoveryCalls()}. */
    public ClusterJournal journal() {
        requireStarted();
        return journal;
    }

    /** Stops every node. Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        closeNodes();
    }

    private void closeNodes() {
        RuntimeException first = null;
        for (RedisEmulator n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    private void requireStarted() {
        if (!started) throw new IllegalStateException("cluster not started");
    }

    private void requireMaster(int i) {
        if (i < 0 || i >= nodes.size()) throw new IllegalArgumentException("no node " + i);
        if (!bus.topology().node(i).master()) throw new IllegalArgumentException("node " + i + " is not a master");
    }

    private static void checkSlot(int slot) {
        if (slot < 0 || slot >= HashSlot.SLOTS) throw new IllegalArgumentException("slot out of range: " + slot);
    }

    /** Options for a new cluster. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster;
        private int basePort;
        private String bind = "127.0.0.1";
        private long seed = System.nanoTime();
        private String version;
        private final Map<String, String> nodeConfig = new LinkedHashMap<>();

        private Builder() { }

        /** Number of masters (at least 1; default 3). */
        public Builder masters(int n) {
            if (n < 1 || n > HashSlot.SLOTS) throw new IllegalArgumentException("masters must be 1..16384: " + n);
            this.masters = n;
            return this;
        }

        /** Replicas of each master (default 0). */
        public Builder replicasPerMaster(int n) {
            if (n < 0) throw new IllegalArgumentException("replicasPerMaster must be >= 0: " + n);
            this.replicasPerMaster = n;
            return this;
        }

        /** Port of node 0, the others following it (node i on basePort + i); 0 (default) picks free ports. */
        public Builder basePort(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("port out of range: " + port);
            this.basePort = port;
            return this;
        }

        /** Address every node listens on and announces; default 127.0.0.1. */
        public Builder bind(String address) {
            this.bind = address;
            return this;
        }

        /** Seed for node ids and everything random, so runs repeat. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The version every node reports (INFO, HELLO); default 7.0.15. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /**
         * A configuration parameter for every node, as on redis-server's command line (e.g.
         * {@code cluster-require-full-coverage no}, {@code cluster-allow-reads-when-down yes},
         * {@code cluster-preferred-endpoint-type hostname}).
         */
        public Builder config(String name, String value) {
            nodeConfig.put(name, value);
            return this;
        }

        /** A new, not yet started cluster. */
        public RedisCluster build() {
            return new RedisCluster(this);
        }
    }
}

package dev.emredis.internal.cluster;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.commands.KeyExtraction;
import dev.emredis.internal.keyspace.Dict;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import java.util.Arrays;
import java.util.List;

/**
 * One node of an emulated cluster, attached to its {@link Server}: its identity and the routing
 * decision every keyed command goes through (Redis's getNodeByQuery).
 */
public final class ClusterNode {
    public final int index;
    /** 40 lower-case hex digits, stable for the node's life. */
    public final String id;
    ClusterBus bus;
    private volatile Server server;
    /** While a replica: the link its master feeds, and that master (see {@link Replicator}). */
    volatile dev.emredis.internal.server.ReplicaFeed.InProcessReplica upstream;
    volatile ClusterNode upstreamMaster;

    public ClusterNode(int index, String id) {
        this.index = index;
        this.id = id;
    }

    public ClusterBus bus() {
        return bus;
    }

    public Server server() {
        return server;
    }

    public void attach(Server s) {
        this.server = s;
    }

    public Topology topology() {
        return bus.topology();
    }

    /** Whether this node's view of the cluster is "ok" (its own cluster-require-full-coverage). */
    public boolean stateOk(Topology t) {
        return t.ok(server.config().getBool("cluster-require-full-coverage"));
    }

    // --- endpoints: each node announces its own ip / hostname / port; this node's
    // cluster-preferred-endpoint-type picks what redirections and CLUSTER SLOTS show ---

    /** The announced IP of a node (cluster-announce-ip, else the address it listens on). */
    public String ipOf(int node) {
        ClusterNode n = bus.node(node);
        Server s = n.server;
        String ip = s == null ? "" : s.config().get("cluster-announce-ip");
        return ip.isEmpty() ? bus.topology().node(node).host() : ip;
    }

    /** The announced hostname of a node, or "". */
    public String hostnameOf(int node) {
        Server s = bus.node(node).server;
        return s == null ? "" : s.config().get("cluster-announce-hostname");
    }

    /** The client port of a node (cluster-announce-port, else its real port). */
    public int portOf(int node) {
        Server s = bus.node(node).server;
        long p = s == null ? 0 : s.config().getLong("cluster-announce-port");
        return p != 0 ? (int) p : bus.topology().node(node).port();
    }

    /** The bus port shown after '@' (cluster-announce-bus-port, else port + 10000). */
    public int busPortOf(int node) {
        Server s = bus.node(node).server;
        long p = s == null ? 0 : s.config().getLong("cluster-announce-bus-port");
        return p != 0 ? (int) p : portOf(node) + 10000;
    }

    /** Redis's getPreferredEndpoint, by this node's cluster-preferred-endpoint-type. */
    public String endpointOf(int node) {
        switch (preferredEndpointType()) {
            case "hostname": {
                String h = hostnameOf(node);
                return h.isEmpty() ? "?" : h;
            }
            case "unknown-endpoint":
                return "";
            default:
                return ipOf(node);
        }
    }

    public String preferredEndpointType() {
        return server.config().get("cluster-preferred-endpoint-type");
    }

    /** The replication offset this node reports (its master's stream, or what it applied). */
    public long replicationOffset() {
        Server s = server;
        if (s == null) return 0;
        return s.replication.isReplica() ? s.replication.appliedOffset() : s.replicaFeed.offset();
    }

    // --- routing ---

    /**
     * Redis's processCommand cluster step: commands that declare no keys (and are not EXEC) are
     * always served here; others go through {@link #route}.
     */
    public boolean needsRouting(CommandSpec spec) {
        Boolean known = routed.get(spec);
        if (known == null) {
            known = spec.name.equals("exec") || spec.has(CommandFlags.MOVABLE_KEYS) || spec.firstKey != 0 || KeyExtraction.hasKeys(spec);
            routed.put(spec, known);
        }
        return known;
    }

    /** needsRouting per command, computed once (the node's loop thread only). */
    private final java.util.Map<CommandSpec, Boolean> routed = new java.util.IdentityHashMap<>();

    /**
     * Redis's getNodeByQuery for a command (or for the whole MULTI queue at EXEC): null when this
     * node serves it, else the error line (MOVED, ASK, TRYAGAIN, CROSSSLOT, CLUSTERDOWN).
     * {@code flags} are the command's effective flags (a script's declared ones for EVAL/FCALL).
     */
    public String route(Client c, CommandSpec spec, byte[][] argv, long flags, boolean execHasWrite) {
        Topology t = bus.topology();
        boolean exec = spec.name.equals("exec");
        List<Client.QueuedCommand> queue;
        if (exec) {
            if (!c.inMulti) return null;
            queue = c.multiQueue;
        } else {
            queue = List.of(new Client.QueuedCommand(spec, argv));
        }
        boolean shard = isShardPubSub(spec);
        byte[] first = null;
        int slot = 0;
        int owner = -1;
        boolean migrating = false;
        boolean importing = false;
        boolean multipleKeys = false;
        int missing = 0;
        int existing = 0;
        for (Client.QueuedCommand q : queue) {
            int[] keys = KeyExtraction.trackedKeys(q.spec(), q.argv());
            for (int pos : keys) {
                byte[] key = q.argv()[pos];
                int keySlot = HashSlot.of(key);
                if (first == null) {
                    first = key;
                    slot = keySlot;
                    owner = t.owner(slot);
                    if (owner < 0) return Errors.CLUSTERDOWN_UNBOUND;
                    if (owner == index && t.migratingTo(index, slot) >= 0) {
                        migrating = true;
                    } else if (t.importingFrom(index, slot) >= 0) {
                        importing = true;
                    }
                } else if (!Arrays.equals(first, key)) {
                    if (slot != keySlot) return Errors.CROSSSLOT;
                    multipleKeys = true;
                }
                // during a migration only the keys present here can be served here
                if ((migrating || importing) && !shard) {
                    if (present(key)) {
                        existing++;
                    } else {
                        missing++;
                    }
                }
            }
        }
        if (owner < 0) return null;
        boolean write = (flags & CommandFlags.WRITE) != 0;
        if (!stateOk(t)) {
            if (shard) {
                if (!server.config().getBool("cluster-allow-pubsubshard-when-down")) return Errors.CLUSTERDOWN;
            } else if (!server.config().getBool("cluster-allow-reads-when-down")) {
                return Errors.CLUSTERDOWN;
            } else if (write) {
                return Errors.CLUSTERDOWN_READONLY;
            }
        }
        c.clusterSlot = slot;
        // MIGRATE moves keys freely while the slot is open
        if ((migrating || importing) && spec.name.equals("migrate")) return null;
        if (migrating && missing > 0) {
            if (existing > 0) return Errors.TRYAGAIN;
            int target = t.migratingTo(index, slot);
            return Errors.redirect(true, slot, endpointOf(target), portOf(target));
        }
        if (importing && (c.asking || spec.has(CommandFlags.ASKING))) {
            return multipleKeys && missing > 0 ? Errors.TRYAGAIN : null;
        }
        boolean writeCommand = write || (exec && execHasWrite);
        Topology.Node me = t.node(index);
        if ((c.clusterReadOnly || shard) && !writeCommand && !me.master() && me.masterIndex() == owner) return null;
        if (owner != index) return Errors.redirect(false, slot, endpointOf(owner), portOf(owner));
        return null;
    }

    /**
     * The check a script's redis.call goes through (scriptVerifyClusterState): the keys must be
     * served here, and, unless the run allows cross-slot keys, all in the slot of the first one.
     * Returns the error for the script, or null.
     */
    public String routeFromScript(Client scriptClient, Client caller, CommandSpec spec, byte[][] argv, boolean allowCrossSlot) {
        if (!needsRouting(spec)) return null;
        scriptClient.clusterReadOnly = caller.clusterReadOnly;
        scriptClient.asking = caller.asking;
        scriptClient.clusterSlot = -1;
        String err = route(scriptClient, spec, argv, spec.flags, false);
        if (err != null) {
            if (err.equals(Errors.CLUSTERDOWN_READONLY)) return Errors.SCRIPT_CLUSTER_DOWN_READONLY;
            if (err.equals(Errors.CLUSTERDOWN)) return Errors.SCRIPT_CLUSTER_DOWN;
            return Errors.SCRIPT_CLUSTER_NON_LOCAL;
        }
        int slot = scriptClient.clusterSlot;
        if (slot != -1 && !allowCrossSlot) {
            if (caller.clusterSlot == -1) {
                caller.clusterSlot = slot;
            } else if (caller.clusterSlot != slot) {
                return Errors.SCRIPT_CROSS_SLOT;
            }
        }
        return null;
    }

    /**
     * Redis's clusterRedirectBlockedClientIfNeeded: a client blocked on keys (BLPOP, XREAD
     * BLOCK...) whose slot this node no longer serves gets the MOVED (or CLUSTERDOWN) it would get
     * now, and is unblocked. Event loop only.
     */
    public void redirectBlockedClients() {
        Server s = server;
        Topology t = bus.topology();
        boolean ok = stateOk(t);
        for (java.util.Map.Entry<Client, byte[]> b : s.blocked.blockedOnKeys().entrySet()) {
            Client c = b.getKey();
            String error = null;
            if (!ok) {
                error = Errors.CLUSTERDOWN;
            } else {
                int slot = HashSlot.of(b.getValue());
                int owner = t.owner(slot);
                CommandSpec last = s.table().get(c.lastCommand.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                boolean write = last == null || last.has(CommandFlags.WRITE);
                Topology.Node me = t.node(index);
                if (c.clusterReadOnly && !write && !me.master() && me.masterIndex() == owner) owner = index;
                if (owner != index && t.importingFrom(index, slot) < 0) {
                    error = owner < 0 ? Errors.CLUSTERDOWN_UNBOUND : Errors.redirect(false, slot, endpointOf(owner), portOf(owner));
                }
            }
            if (error != null) {
                s.stats().error(error);
                s.blocked.forceUnblock(c, error);
            }
        }
    }

    /** The slot of the first declared key of a command, or -1 (Redis's c->slot). */
    public static int firstKeySlot(CommandSpec spec, byte[][] argv) {
        int[] keys = KeyExtraction.trackedKeys(spec, argv);
        return keys.length == 0 ? -1 : HashSlot.of(argv[keys[0]]);
    }

    private static boolean isShardPubSub(CommandSpec spec) {
        return spec.name.equals("ssubscribe") || spec.name.equals("sunsubscribe") || spec.name.equals("spublish");
    }

    /** lookupKeyRead with NOTOUCH/NOSTATS/NONOTIFY/NOEXPIRE: present and not logically expired. */
    private boolean present(byte[] key) {
        Dict.Entry<RedisObject> e = server.db(0).keys.getEntry(key);
        return e != null && (e.aux == 0 || e.aux >= server.clock().millis());
    }
}

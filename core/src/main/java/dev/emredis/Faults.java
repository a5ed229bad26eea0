package dev.emredis;

import dev.emredis.internal.server.FaultState;
import dev.emredis.internal.server.Server;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Fault injection for one emulator ({@link RedisEmulator#faults()}).
 *
 * <p>State switches put the server in a state real Redis can be in, with Redis's exact replies:
 * {@link #oom}, {@link #role}, {@link #masterDown}, {@link #noReplicas}, {@link #loading},
 * {@link #busy}, {@link #maxClients}, {@link #requirePass}. When several apply, the command gets
 * the error Redis's processCommand checks first: OOM, then NOREPLICAS, READONLY, MASTERDOWN,
 * LOADING, BUSY (authentication comes before all of them).
 *
 * <p>Network rules act below RESP on matching commands:
 * <pre>{@code
 * FaultRule r = redis.faults().when(Match.command("GET").times(2)).delay(Duration.ofSeconds(3));
 * redis.faults().when(Match.command("CLUSTER", "SLOTS")).closeConnection();
 * r.remove();
 * redis.faults().clear();
 * }</pre>
 * A switch or rule affects commands read after the call returns; a command already running
 * completes. All methods are thread-safe.
 */
public final class Faults {
    private final RedisEmulator emulator;
    // what the faults replaced, restored by clear(); touched on the loop thread only
    private String savedMaxClients;
    private String savedRequirePass;
    private boolean roleChanged;
    // role(REPLICA) demoted this cluster node by a failover; clear() promotes it back
    private volatile boolean clusterDemoted;
    private boolean refusing;

    Faults(RedisEmulator emulator) {
        this.emulator = emulator;
    }

    private Faults onLoop(Consumer<Server> action) {
        Server s = emulator.internalServer();
        s.loop().call(() -> {
            action.accept(s);
            return null;
        });
        return this;
    }

    /**
     * Eviction cannot free memory: commands flagged denyoom (SET, INCR, RPUSH, FUNCTION LOAD...)
     * and everything queued in MULTI get
     * {@code -OOM command not allowed when used memory > 'maxmemory'.}; reads and deletes work.
     */
    public Faults oom(boolean on) {
        return onLoop(s -> s.faults.oom = on);
    }

    /**
     * {@link Role#REPLICA}: a read-only replica of this emulator's own address whose master link is
     * down, as after REPLICAOF to an unreachable master: ROLE, INFO replication and HELLO say so,
     * writes get {@code -READONLY You can't write against a read only replica.}
     * {@link Role#MASTER}: a master again (as REPLICAOF NO ONE).
     * On a {@link RedisCluster} node the change is a failover (see {@code clusterRole}): a master
     * needs a working replica to hand its slots to, else IllegalStateException.
     */
    public Faults role(Role role) {
        Objects.requireNonNull(role, "role");
        dev.emredis.internal.cluster.ClusterNode node = emulator.internalServer().cluster;
        if (node != null) return clusterRole(node, role);
        return onLoop(s -> {
            if (role == Role.REPLICA && !s.replication.isReplica()) {
                s.replication.becomeReplica(emulator.host(), s.tcpPort);
                roleChanged = true;
            } else if (role == Role.MASTER && s.replication.isReplica()) {
                s.replication.becomeMaster();
                s.faults.masterDown = false;
                roleChanged = false;
            }
        });
    }

    /**
     * role() on a node of a {@link RedisCluster}. A cluster master cannot just call itself a
     * replica while it owns slots (Redis refuses CLUSTER REPLICATE on a master with slots): it
     * becomes one the way Redis demotes a master, by a failover to one of its replicas (the
     * replica gets the slots and a new epoch, the node follows it). So ROLE, INFO replication,
     * HELLO, CLUSTER NODES/SLOTS/SHARDS all show it as a replica of a real master whose link is
     * up; keyed writes then get MOVED to the new master (cluster redirection comes before the
     * READONLY check) and keyless writes (FLUSHALL, FUNCTION LOAD, write scripts without keys)
     * get READONLY. MASTER on a cluster replica is a CLUSTER FAILOVER run on it.
     */
    private Faults clusterRole(dev.emredis.internal.cluster.ClusterNode node, Role role) {
        dev.emredis.internal.cluster.Topology t = node.topology();
        dev.emredis.internal.cluster.Topology.Node me = t.node(node.index);
        if (role == Role.REPLICA && me.master()) {
            int chosen = -1;
            for (dev.emredis.internal.cluster.Topology.Node r : t.replicasOf(node.index)) {
                if (!r.down()) {
                    chosen = r.index();
                    break;
                }
            }
            if (chosen < 0) {
                throw new IllegalStateException("cluster node " + node.index
                        + " is a master without a working replica: a cluster master becomes a replica only when a replica takes over its slots");
            }
            dev.emredis.internal.cluster.ClusterOps.failover(node.bus(), node.index, chosen);
            clusterDemoted = true;
        } else if (role == Role.MASTER && !me.master() && me.masterIndex() >= 0) {
            dev.emredis.internal.cluster.ClusterOps.failoverIfStill(node.bus(), me.masterIndex(), node.index);
            clusterDemoted = false;
        }
        return this;
    }

    /**
     * The replica's master link is down and stale data is not served (as with
     * {@code replica-serve-stale-data no}): every command without the stale flag, PING and GET
     * included, gets {@code -MASTERDOWN Link with MASTER is down and replica-serve-stale-data is
     * set to 'no'.} Turning it on makes the server a replica if it is not one.
     */
    public Faults masterDown(boolean on) {
        if (on) role(Role.REPLICA);
        return onLoop(s -> s.faults.masterDown = on);
    }

    /**
     * As if min-replicas-to-write were unmet: on a master, write commands get
     * {@code -NOREPLICAS Not enough good replicas to write.}
     */
    public Faults noReplicas(boolean on) {
        return onLoop(s -> s.faults.noReplicas = on);
    }

    /**
     * The dataset is loading: commands without the loading flag (PING, GET, SET, CLUSTER NODES...)
     * get {@code -LOADING Redis is loading the dataset in memory}; INFO persistence says
     * {@code loading:1} and adds the loading_* progress fields.
     */
    public Faults loading(boolean on) {
        return onLoop(s -> {
            if (on && !s.faults.loading) s.faults.loadingSinceMillis = s.clock().millis();
            s.faults.loading = on;
        });
    }

    /**
     * A read-only EVAL script runs past busy-reply-threshold: every command not flagged allow-busy
     * gets {@code -BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN
     * NOSAVE.}; SCRIPT KILL answers {@code +OK} and ends it (with the Lua runtime present), FUNCTION
     * KILL gets the BUSY text.
     */
    public Faults busy(boolean on) {
        return onLoop(s -> s.faults.busy = on);
    }

    /**
     * CONFIG SET maxclients: connections beyond {@code n} get
     * {@code -ERR max number of clients reached} and are closed. {@link #clear()} restores the
     * previous value. On a node of a {@link RedisCluster}, as in Redis, the node's cluster bus
     * links (two per other node) count against the limit too, and the error reads
     * {@code -ERR max number of clients + cluster connections reached}.
     */
    public Faults maxClients(int n) {
        if (n < 1) throw new IllegalArgumentException("maxclients must be >= 1: " + n);
        return onLoop(s -> {
            if (savedMaxClients == null) savedMaxClients = s.config().get("maxclients");
            s.config().set("maxclients", Integer.toString(n));
        });
    }

    /**
     * CONFIG SET requirepass: new connections get {@code -NOAUTH Authentication required.} until
     * AUTH (a wrong password gets {@code -WRONGPASS ...}); connections already open stay
     * authenticated, as in Redis. Null or empty removes the password. {@link #clear()} restores
     * the previous value.
     */
    public Faults requirePass(String password) {
        return onLoop(s -> {
            if (savedRequirePass == null) savedRequirePass = s.config().get("requirepass");
            s.config().set("requirepass", password == null ? "" : password);
        });
    }

    /** Stops listening, so connects are refused (ECONNREFUSED); false listens again on the same port. */
    public Faults refuseConnections(boolean refuse) {
        return onLoop(s -> {
            s.loop().refuseConnections(refuse);
            refusing = refuse;
        });
    }

    /** Closes every client connection now, as if the server had dropped them. */
    public Faults closeAllConnections() {
        return onLoop(s -> s.loop().closeAllConnections());
    }

    /** Starts a network rule for the commands {@code match} selects; finish it with one effect. */
    public RuleBuilder when(Match match) {
        return new RuleBuilder(Objects.requireNonNull(match, "match"));
    }

    /**
     * Switches every fault off: switches reset, rules removed, role back to master if a fault made
     * it a replica, maxclients and requirepass restored, connections accepted again.
     */
    public Faults clear() {
        dev.emredis.internal.cluster.ClusterNode node = emulator.internalServer().cluster;
        if (node != null && clusterDemoted) clusterRole(node, Role.MASTER);
        clusterDemoted = false;
        return onLoop(s -> {
            s.faults.clear();
            if (roleChanged && s.replication.isReplica()) s.replication.becomeMaster();
            roleChanged = false;
            if (savedMaxClients != null) s.config().set("maxclients", savedMaxClients);
            if (savedRequirePass != null) s.config().set("requirepass", savedRequirePass);
            savedMaxClients = null;
            savedRequirePass = null;
            if (refusing) s.loop().refuseConnections(false);
            refusing = false;
        });
    }

    /** The effect part of a rule: each method installs the rule and returns its handle. */
    public final class RuleBuilder {
        private final Match match;

        private RuleBuilder(Match match) {
            this.match = match;
        }

        private FaultRule install(FaultState.Effect effect, long amount, String error, String what) {
            FaultState.Rule rule = new FaultState.Rule(match, effect, amount, error);
            onLoop(s -> s.faults.add(rule));
            return new FaultRule(() -> onLoop(s -> s.faults.remove(rule)), match + "." + what);
        }

        /** The command runs; its reply (and the connection's later replies) is sent {@code d} later. */
        public FaultRule delay(Duration d) {
            if (d.isNegative()) throw new IllegalArgumentException("negative delay: " + d);
            return install(FaultState.Effect.DELAY, d.toNanos(), null, "delay(" + d + ")");
        }

        /** The command is read but never run nor answered; the connection stays open and silent. */
        public FaultRule hang() {
            return install(FaultState.Effect.HANG, 0, null, "hang()");
        }

        /** The command is read, not run, and the server closes the connection (FIN). */
        public FaultRule closeConnection() {
            return install(FaultState.Effect.CLOSE, 0, null, "closeConnection()");
        }

        /** The command is read, not run, and the connection is reset (RST: "Connection reset by peer"). */
        public FaultRule reset() {
            return install(FaultState.Effect.RESET, 0, null, "reset()");
        }

        /**
         * The command is not run; it gets this error reply instead, e.g. {@code "ERR custom"} or
         * {@code "-TRYAGAIN ..."} (a leading '-' is optional).
         */
        public FaultRule replyError(String error) {
            Objects.requireNonNull(error, "error");
            String e = error.startsWith("-") ? error.substring(1) : error;
            if (e.isEmpty() || e.contains("\r") || e.contains("\n")) throw new IllegalArgumentException("bad error line: " + error);
            return install(FaultState.Effect.REPLY_ERROR, 0, e, "replyError(" + e + ")");
        }

        /** The command runs; the connection's output is then trickled at {@code bytesPerSecond} until drained. */
        public FaultRule throttle(int bytesPerSecond) {
            if (bytesPerSecond < 1) throw new IllegalArgumentException("bytesPerSecond must be >= 1");
            return install(FaultState.Effect.THROTTLE, bytesPerSecond, null, "throttle(" + bytesPerSecond + ")");
        }
    }
}

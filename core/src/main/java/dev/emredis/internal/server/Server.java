package dev.emredis.internal.server;

import dev.emredis.Clock;
import dev.emredis.internal.command.CommandTable;
import dev.emredis.internal.command.Pipeline;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Everything one emulated Redis server owns: databases, configuration, clients, pub/sub,
 * statistics, the command table and pipeline. Touched only by its event loop thread.
 */
public final class Server {
    private final Clock clock;
    private final Config config = new Config();
    private final Stats stats = new Stats();
    private final PubSub pubsub = new PubSub(this);
    private final Notifications notifications = new Notifications(this);
    private final CommandTable table;
    private final Pipeline pipeline;
    private final dev.emredis.internal.acl.Acl acl;
    private final Map<Long, Client> clients = new LinkedHashMap<>();
    private final List<Client> pendingOutput = new ArrayList<>();
    private final List<ServerListener> listeners = new ArrayList<>();
    private Database[] dbs;
    private RandomGenerator random;
    private long nextClientId = 1;
    private EventLoop loop;
    /** Per-server state of runtime modules (script cache, Lua state), keyed by the module's class. */
    private final Map<Class<?>, Object> extensions = new java.util.HashMap<>();

    public final long startMillis;
    public final String runId;
    /** Writes since the last save (rdb_changes_since_last_save). */
    public long dirty;
    public long lastSaveSeconds;
    public String version = "7.0.15";
    public int tcpPort;
    /** DEBUG SET-SKIP-CHECKSUM-VALIDATION: RESTORE then checks only the payload's RDB version. */
    public boolean skipChecksumValidation;
    /** DEBUG SET-ACTIVE-EXPIRE: when false, keys expire only lazily (cron and clock jumps skip them). */
    public boolean activeExpireEnabled = true;
    /** Slow log, latency monitor, latency histograms and MONITOR feed. */
    public final Diagnostics diagnostics;
    /** CLIENT PAUSE state and the clients it parked. */
    public final ClientPause pause;
    public final BlockedClients blocked;
    /** used_memory, tracked incrementally while maxmemory is set. */
    public final MemoryTracker memory = new MemoryTracker(this);
    public final Eviction eviction = new Eviction(this);
    /** Master, or a replica whose master link stays down (REPLICAOF). */
    public final Replication replication;
    /** Replicas attached with SYNC/PSYNC and the replication stream fed to them. */
    public final ReplicaFeed replicaFeed = new ReplicaFeed(this);
    /** maxmemory-policy is an LFU one: accesses update the LFU counter instead of the LRU clock. */
    public boolean lfuPolicy;
    /** maxmemory in bytes (0: no limit), kept here because every command checks it. */
    public long maxmemory;
    /** Whether the last command found memory over maxmemory after evicting (server.pre_command_oom_state). */
    public boolean preCommandOom;
    /** Client-side caching: the tracking table, BCAST prefixes, pending invalidations. */
    public final Tracking tracking;
    /** True while a replica runs a command of its (in-process) master's stream: keys past their TTL still exist for it. */
    public boolean applyingMasterStream;
    /** This server's node in an emulated cluster (cluster-enabled), or null when standalone. */
    public volatile dev.emredis.internal.cluster.ClusterNode cluster;
    /** Injected faults (RedisEmulator.faults()): state switches and network rules. */
    public final FaultState faults;
    /** Every command that reached the server, and connection counters (RedisEmulator.journal()). */
    public final JournalLog journal = new JournalLog(10_000);
    /**
     * Non-null while a script or function has run past busy-reply-threshold: the BUSY error every
     * command without the allow-busy flag gets (eval or function flavour). Set and cleared by the
     * scripting runtime, which meanwhile lets the loop serve others ({@link EventLoop#processWhileBusy}).
     */
    public String busyError;
    /**
     * Set by a scripting runtime: the flags a script command (EVAL, FCALL...) is checked with, from
     * the script's declared flags; null for commands it does not derive (Redis's getCommandFlags).
     */
    public java.util.function.BiFunction<dev.emredis.internal.command.CommandSpec, byte[][], Long> scriptCommandFlags;
    /** INFO memory's script counters, kept by the scripting runtime (0 without one). */
    public int cachedScripts;
    public int loadedFunctions;
    public int loadedLibraries;
    /**
     * Set by a scripting runtime while a script runs: the clock time (ms) the script started.
     * Redis 7.0 decides key expiry against it (keyIsExpired uses scriptTimeSnapshot) so a key
     * cannot expire in the middle of a script; TIME and TTLs keep using the running clock.
     * -1 when no script runs.
     */
    public long scriptTimeSnapshot = -1;
    /** The server log (redis.log from scripts; logfile and loglevel configs). */
    public final ServerLog log = new ServerLog(this);

    public Server(Clock clock, CommandTable table, long seed) {
        this(clock, table, seed, Map.of());
    }

    /** Startup parameters of runtime modules ("redisgears_2.x"), applied once the modules attached. */
    public final Map<String, String> moduleStartupConfig = new java.util.LinkedHashMap<>();

    /** A server whose configuration starts from Redis's defaults plus {@code startupConfig}. */
    public Server(Clock clock, CommandTable table, long seed, Map<String, String> startupConfig) {
        this.clock = clock;
        this.table = table;
        this.random = new SplittableRandom(seed);
        this.faults = new FaultState(seed);
        ConfigParams.declare(config, this);
        for (Map.Entry<String, String> e : startupConfig.entrySet()) {
            // "module.name" parameters are declared by their runtime module when it attaches
            if (e.getKey().indexOf('.') > 0 && config.param(e.getKey()) == null) moduleStartupConfig.put(e.getKey(), e.getValue());
            else config.set(e.getKey(), e.getValue());
        }
        int n = Integer.parseInt(config.get("databases"));
        dbs = new Database[n];
        for (int i = 0; i < n; i++) dbs[i] = new Database(i, this);
        this.tracking = new Tracking(this);
        this.pipeline = new Pipeline(this);
        this.acl = new dev.emredis.internal.acl.Acl(this);
        String aclfile = config.get("aclfile");
        if (!aclfile.isEmpty()) {
            // Redis refuses to start when its ACL file cannot be loaded.
            String errors = dev.emredis.internal.acl.AclFile.load(acl, aclfile, null);
            if (errors != null) throw new IllegalArgumentException("Aborting Redis startup because of ACL errors: " + errors);
        }
        this.startMillis = clock.millis();
        this.lastSaveSeconds = startMillis / 1000;
        this.runId = randomHexId();
        this.replication = new Replication(this);
        maxmemoryChanged();
        this.diagnostics = new Diagnostics(this);
        listeners.add(diagnostics);
        this.pause = new ClientPause(this);
        listeners.add(pause);
        this.blocked = new BlockedClients(this);
        listeners.add(blocked);
        listeners.add(replicaFeed);
    }

    void attach(EventLoop loop) {
        this.loop = loop;
    }

    public EventLoop loop() {
        return loop;
    }

    public Clock clock() {
        return clock;
    }

    public Config config() {
        return config;
    }

    public Stats stats() {
        return stats;
    }

    public PubSub pubsub() {
        return pubsub;
    }

    public Notifications notifications() {
        return notifications;
    }

    public CommandTable table() {
        return table;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** Users, the ACL log and the permission check. */
    public dev.emredis.internal.acl.Acl acl() {
        return acl;
    }

    public RandomGenerator random() {
        return random;
    }

    public void seed(long seed) {
        random = new SplittableRandom(seed);
    }

    public Database db(int i) {
        return dbs[i];
    }

    public Database[] dbs() {
        return dbs;
    }

    public Map<Long, Client> clients() {
        return clients;
    }

    public List<ServerListener> listeners() {
        return listeners;
    }

    /**
     * The runtime module state of this server for {@code type}, created on first use (so a
     * server that never runs a script never builds a Lua state). Event loop only.
     */
    public <T> T extension(Class<T> type, java.util.function.Supplier<T> create) {
        Object v = extensions.get(type);
        if (v == null) {
            v = create.get();
            extensions.put(type, v);
        }
        return type.cast(v);
    }

    /** The runtime module state for {@code type}, or null when none was created yet. */
    public <T> T extensionIfPresent(Class<T> type) {
        return type.cast(extensions.get(type));
    }

    public void addListener(ServerListener l) {
        listeners.add(l);
    }

    /** Creates a client; connection-less clients (scripts, in-JVM calls) pass null. */
    public Client newClient(Connection conn) {
        Client c = new Client(nextClientId++, conn, clock.millis());
        acl.initClient(c);
        if (conn != null) clients.put(c.id, c);
        return c;
    }

    /**
     * Redis's authRequired(): the client has not authenticated and the default user has a
     * password or is off. A client connected while there was no password stays authenticated.
     */
    public boolean authRequired(Client c) {
        return acl.authRequired(c);
    }

    /** Releases what a client held: subscriptions, watches, MULTI state; listeners clean theirs. */
    public void clientClosed(Client c) {
        if (c.closed) return;
        c.closed = true;
        clients.remove(c.id);
        pubsub.removeClient(c);
        unwatchAll(c);
        tracking.disable(c);
        for (ServerListener l : listeners) l.clientClosed(c);
    }

    /** Drops the client's watches and its dirty flag (disconnect, RESET). */
    public void unwatchAll(Client c) {
        Watches.unwatchAll(this, c);
        c.watchDirty = false;
    }

    /** A client got output outside its own command (pub/sub, invalidations): flush it soon. */
    public void outputPending(Client c) {
        if (c.connection != null) pendingOutput.add(c);
    }

    List<Client> drainPendingOutput() {
        if (pendingOutput.isEmpty()) return List.of();
        List<Client> l = new ArrayList<>(pendingOutput);
        pendingOutput.clear();
        return l;
    }

    // --- hooks that later subsystems (blocking, tracking, scripting) listen to ---

    public void keyModified(Database db, byte[] key) {
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).keyModified(db, key);
    }

    public void keyExpired(Database db, byte[] key) {
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).keyExpired(db, key);
    }

    public void databaseFlushed(Database db) {
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).databaseFlushed(db);
    }

    public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).keyspaceEvent(type, event, key, dbid);
    }

    /** One pass of active expiry over every database ({@code full}: check every volatile key). */
    public void activeExpire(boolean full) {
        // a replica leaves expiry to its master (which sends DEL); reads just hide the key
        if (replication != null && replication.isReplica()) return;
        for (Database db : dbs) db.activeExpire(full);
    }

    /** Periodic work at {@code hz}: active expiry and listeners' timers. */
    void cron() {
        if (activeExpireEnabled) activeExpire(false);
        // Redis's serverCron keeps the tracking table under tracking-table-max-keys even when idle.
        if (tracking.clients() > 0) tracking.limitUsedSlots();
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).cron();
    }

    /** The virtual clock jumped: expire everything due and let timers fire. */
    void clockChanged() {
        if (activeExpireEnabled) activeExpire(true);
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).cron();
    }

    /** 40 random hex digits from the server's generator: run ids, replication ids, EOF marks. */
    public String randomHexId() {
        StringBuilder id = new StringBuilder(40);
        for (int i = 0; i < 40; i++) id.append("0123456789abcdef".charAt(random.nextInt(16)));
        return id.toString();
    }

    /** maxmemory or its policy changed: track memory while there is a limit, and evict at once. */
    public void maxmemoryChanged() {
        if (dbs == null) return; // startup configuration, before the databases exist
        lfuPolicy = config.get("maxmemory-policy").endsWith("lfu");
        maxmemory = config.getLong("maxmemory");
        memory.setTracking(maxmemory > 0);
        eviction.perform();
    }

    /** What Redis does in beforeSleep, once per event loop iteration: BCAST invalidations. */
    void beforeSleep() {
        tracking.broadcast();
    }

    public void swapDbs(int a, int b) {
        if (a == b) return;
        memory.sync();
        eviction.clearPool();
        Database x = dbs[a];
        Database y = dbs[b];
        // WATCH: keys existing on either side touch their watchers (watches stay with the db number).
        Watches.touchAllInDb(x, y);
        Watches.touchAllInDb(y, x);
        java.util.Set<ByteKey> xStreams = x.awaitedStreams();
        java.util.Set<ByteKey> yStreams = y.awaitedStreams();
        var keys = x.keys;
        var vol = x.volatileKeys;
        x.keys = y.keys;
        x.volatileKeys = y.volatileKeys;
        y.keys = keys;
        y.volatileKeys = vol;
        // Blocked clients stay with their database number: what it holds now may serve them.
        blocked.signalExistingKeys(x);
        blocked.signalExistingKeys(y);
        blocked.signalStreamsGone(x, k -> xStreams.contains(new ByteKey(k)));
        blocked.signalStreamsGone(y, k -> yStreams.contains(new ByteKey(k)));
    }
}

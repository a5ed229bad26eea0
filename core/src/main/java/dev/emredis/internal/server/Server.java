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
    /** DEBUG SET-ACTIVE-EXPIRE: when false, keys expire only lazily (cron and clock jumps skip them). */
    public boolean activeExpireEnabled = true;
    /** Slow log, latency monitor, latency histograms and MONITOR feed. */
    public final Diagnostics diagnostics;
    /** CLIENT PAUSE state and the clients it parked. */
    public final ClientPause pause;
    public final BlockedClients blocked;
    /**
     * Non-null while a script or function has run past busy-reply-threshold: the BUSY error every
     * command without the allow-busy flag gets (eval or function flavour). Set and cleared by the
     * scripting runtime, which meanwhile lets the loop serve others ({@link EventLoop#processWhileBusy}).
     */
    public String busyError;
    /** INFO memory's script counters, kept by the scripting runtime (0 without one). */
    public int cachedScripts;
    public int loadedFunctions;
    public int loadedLibraries;

    public Server(Clock clock, CommandTable table, long seed) {
        this(clock, table, seed, Map.of());
    }

    /** A server whose configuration starts from Redis's defaults plus {@code startupConfig}. */
    public Server(Clock clock, CommandTable table, long seed, Map<String, String> startupConfig) {
        this.clock = clock;
        this.table = table;
        this.random = new SplittableRandom(seed);
        ConfigParams.declare(config, this);
        for (Map.Entry<String, String> e : startupConfig.entrySet()) config.set(e.getKey(), e.getValue());
        int n = Integer.parseInt(config.get("databases"));
        dbs = new Database[n];
        for (int i = 0; i < n; i++) dbs[i] = new Database(i, this);
        this.pipeline = new Pipeline(this);
        this.startMillis = clock.millis();
        this.lastSaveSeconds = startMillis / 1000;
        StringBuilder id = new StringBuilder();
        for (int i = 0; i < 40; i++) id.append("0123456789abcdef".charAt(random.nextInt(16)));
        this.runId = id.toString();
        this.diagnostics = new Diagnostics(this);
        listeners.add(diagnostics);
        this.pause = new ClientPause(this);
        listeners.add(pause);
        this.blocked = new BlockedClients(this);
        listeners.add(blocked);
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
        c.authenticated = config.get("requirepass").isEmpty();
        if (conn != null) clients.put(c.id, c);
        return c;
    }

    /**
     * Redis's authRequired(): the client has not authenticated and the default user has a
     * password (requirepass). A client connected while there was no password stays authenticated.
     */
    public boolean authRequired(Client c) {
        return !c.authenticated && !config.get("requirepass").isEmpty();
    }

    /** Releases what a client held: subscriptions, watches, MULTI state; listeners clean theirs. */
    public void clientClosed(Client c) {
        if (c.closed) return;
        c.closed = true;
        clients.remove(c.id);
        pubsub.removeClient(c);
        unwatchAll(c);
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
        for (Database db : dbs) db.activeExpire(full);
    }

    /** Periodic work at {@code hz}: active expiry and listeners' timers. */
    void cron() {
        if (activeExpireEnabled) activeExpire(false);
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).cron();
    }

    /** The virtual clock jumped: expire everything due and let timers fire. */
    void clockChanged() {
        if (activeExpireEnabled) activeExpire(true);
        for (int i = 0; i < listeners.size(); i++) listeners.get(i).cron();
    }

    public void swapDbs(int a, int b) {
        if (a == b) return;
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

package dev.emredis.js;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Config;
import dev.emredis.internal.server.EventLoop;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.ServerListener;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The triggers-and-functions state of one server: its libraries, the module configuration
 * ({@code redisgears_2.*}), the background pool draining the libraries' job queues, and the
 * bookkeeping of which JS code holds the "Redis lock" (the event loop) right now.
 */
final class Gears implements ServerListener {
    static final String PREFIX = "redisgears_2.";

    final Server server;
    final Map<String, Library> libraries = new LinkedHashMap<>();
    private ExecutorService pool;
    private boolean stopped;
    /** Set when the server stops: JS still running on any thread is ended by the instruction observer. */
    volatile boolean stopping;
    /** Loop thread only: nesting depth of JS sections holding the Redis lock. */
    int lockedSections;
    /** Loop thread only: >0 while JS-issued commands run (keyspace triggers stay quiet). */
    int jsCommandDepth;
    private Client scriptClient;
    /** TFUNCTION DEBUG allow_unsafe_redis_commands: commands from JS no longer run in script mode. */
    volatile boolean allowUnsafeCommands;
    final Triggers triggers;
    final AsyncCalls asyncCalls = new AsyncCalls(this);

    private Gears(Server server) {
        this.server = server;
        this.triggers = new Triggers(this);
    }

    /** This server's state, created (with its configuration parameters) on first use. */
    static Gears of(Server server) {
        return server.extension(Gears.class, () -> {
            Gears g = new Gears(server);
            server.addListener(g);
            server.addListener(g.triggers);
            return g;
        });
    }

    /** Declares the module's configuration parameters (CONFIG GET/SET redisgears_2.*). */
    static void defineConfig(Server server) {
        Config c = server.config();
        if (c.param(PREFIX + "lock-redis-timeout") != null) return;
        range(c, "error-verbosity", 1, 1, 2, false);
        range(c, "execution-threads", 1, 1, 32, true);
        range(c, "remote-task-default-timeout", 500, 1, Long.MAX_VALUE, false);
        range(c, "lock-redis-timeout", 500, 100, 1_000_000_000L, false).onChange(() -> {
            // raising the lock timeout raises the db-loading one with it
            long lock = c.getLong(PREFIX + "lock-redis-timeout");
            if (c.getLong(PREFIX + "db-loading-lock-redis-timeout") < lock) {
                Config.Param p = c.param(PREFIX + "db-loading-lock-redis-timeout");
                c.apply(p, Long.toString(lock));
            }
        });
        range(c, "db-loading-lock-redis-timeout", 30000, 100, 1_000_000_000L, false).normalizer(v -> {
            long n = parse(v, 100, 1_000_000_000L);
            if (n < c.getLong(PREFIX + "lock-redis-timeout")) throw new IllegalArgumentException(Errors.TF_DB_LOADING_TIMEOUT_LOW);
            return Long.toString(n);
        });
        c.define(PREFIX + "library-fatal-failure-policy", "abort").normalizer(v -> {
            String l = v.toLowerCase(java.util.Locale.ROOT);
            if (!l.equals("abort") && !l.equals("kill")) throw new IllegalArgumentException("argument(s) must be one of the following: abort, kill");
            return l;
        });
        range(c, "v8-maxmemory", 200_000_000L, 50_000_000L, 1_000_000_000L, true);
        range(c, "v8-library-initial-memory-usage", 2_000_000L, 1_000_000L, 10_000_000L, true);
        range(c, "v8-library-initial-memory-limit", 3_000_000L, 2_000_000L, 20_000_000L, true);
        range(c, "v8-library-memory-usage-delta", 1_000_000L, 1_000_000L, 10_000_000L, true);
        c.define(PREFIX + "v8-flags", "'--noexpose-wasm'").immutable();
        c.define(PREFIX + "v8-plugin-path", "libredisgears_v8_plugin.so").immutable();
        c.define(PREFIX + "gearsbox-address", "http://localhost:3000");
        c.define(PREFIX + "enable-debug-command", "no").normalizer(v -> {
            String l = v.toLowerCase(java.util.Locale.ROOT);
            if (!l.equals("yes") && !l.equals("no")) throw new IllegalArgumentException("argument must be 'yes' or 'no'");
            return l;
        }).immutable();
    }

    private static Config.Param range(Config c, String name, long def, long lo, long hi, boolean immutable) {
        Config.Param p = c.define(PREFIX + name, Long.toString(def)).normalizer(v -> Long.toString(parse(v, lo, hi)));
        if (immutable) p.immutable();
        return p;
    }

    private static long parse(String v, long lo, long hi) {
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("argument couldn't be parsed into an integer");
        }
        if (n < lo || n > hi) throw new IllegalArgumentException("argument must be between " + lo + " and " + hi + " inclusive");
        return n;
    }

    boolean killPolicy() {
        return "kill".equals(server.config().get(PREFIX + "library-fatal-failure-policy"));
    }

    long maxMemory() {
        return server.config().getLong(PREFIX + "v8-maxmemory");
    }

    long initialUsage() {
        return server.config().getLong(PREFIX + "v8-library-initial-memory-usage");
    }

    long initialLimit() {
        return Math.max(initialUsage(), server.config().getLong(PREFIX + "v8-library-initial-memory-limit"));
    }

    long memoryDelta() {
        return server.config().getLong(PREFIX + "v8-library-memory-usage-delta");
    }

    long lockTimeoutMillis() {
        // policy "kill": the code is never interrupted
        if ("kill".equals(server.config().get(PREFIX + "library-fatal-failure-policy"))) return 0;
        return server.config().getLong(PREFIX + "lock-redis-timeout");
    }

    /** redis.log: a NOTICE line of the server log, as Redis prefixes module lines. */
    void log(String escaped) {
        System.err.println("<redisgears_2> " + escaped);
    }

    /** Redis is over maxmemory (what the command about to run saw). */
    boolean oom() {
        return server.config().getLong("maxmemory") > 0 && server.preCommandOom;
    }

    /** Redis is over maxmemory now, after trying to evict (block() taking the lock outside a command). */
    boolean oomNow() {
        return server.config().getLong("maxmemory") > 0 && !server.eviction.perform();
    }

    /** redisgears_2.error-verbosity: 2 adds JS stack traces to error texts. */
    int errorVerbosity() {
        return (int) server.config().getLong(PREFIX + "error-verbosity");
    }

    EventLoop loop() {
        return server.loop();
    }

    boolean onLoopThread() {
        EventLoop l = server.loop();
        return l == null || l.inLoop();
    }

    /** The pool draining job queues; null once the server stopped. */
    synchronized ExecutorService pool() {
        if (stopped) return null;
        if (pool == null) {
            int n = (int) server.config().getLong(PREFIX + "execution-threads");
            AtomicInteger seq = new AtomicInteger();
            ThreadFactory tf = r -> {
                Thread t = new Thread(r, "emredis-js-" + seq.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            pool = Executors.newFixedThreadPool(n, tf);
        }
        return pool;
    }

    @Override
    public void afterCommand(Client c, CommandSpec spec, byte[][] argv, long micros) {
        asyncCalls.afterCommand();
    }

    @Override
    public void cron() {
        asyncCalls.check();
    }

    @Override
    public void serverStopped() {
        ExecutorService p;
        stopping = true;
        synchronized (this) {
            stopped = true;
            p = pool;
            pool = null;
        }
        for (Library lib : libraries.values()) lib.alive = false;
        if (p != null) {
            p.shutdownNow();
            try {
                p.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The connection-less client JS commands run on (script mode). */
    Client scriptClient() {
        if (scriptClient == null) scriptClient = server.newClient(null);
        return scriptClient;
    }

    /**
     * client.call: runs a command as RedisGears' RM_Call does (script mode, RESP3, optional no
     * writes) on the event loop; returns the refusal text, or null when it ran (its reply, maybe
     * an error, is in {@code sink}).
     */
    String runCommand(Invocation inv, byte[][] argv, ReplyCapture sink) {
        String refused = checkCommand(inv, argv);
        if (refused != null) return refused;
        CommandSpec spec = server.pipeline().lookup(argv);
        Client sc = scriptClient();
        sc.db = inv.db;
        sc.user = inv.user;
        jsCommandDepth++;
        try {
            // the checks are RM_Call's (texts differ from Lua's callFromScript); then the command
            // runs through the same Pipeline.call as any other, in script mode (non-blocking)
            server.pipeline().call(new dev.emredis.internal.command.Ctx(server, sc, argv, sink, spec, true));
        } finally {
            jsCommandDepth--;
        }
        return null;
    }

    /** RM_Call's checks before a JS-issued command; the refusal text, or null. */
    String checkCommand(Invocation inv, byte[][] argv) {
        CommandSpec spec = server.pipeline().lookup(argv);
        if (spec == null) {
            CommandSpec container = server.table().get(argv[0]);
            if (container != null && container.isContainer()) {
                return Errors.unknownSubcommand(text(argv[1]), container.name.toUpperCase(java.util.Locale.ROOT));
            }
            return Errors.unknownCommand(text(argv[0]), argsPreview(argv));
        }
        if (!spec.arityOk(argv.length)) return Errors.wrongArity(spec.name);
        // Redis 7.2 (RedisGears' base) runs blocking commands from scripts in their non-blocking
        // form; only 7.0's table still flags them noscript.
        if (!allowUnsafeCommands && spec.has(CommandFlags.NOSCRIPT) && !spec.has(CommandFlags.BLOCKING)) {
            return Errors.tfNotAllowedInScriptMode(spec.name);
        }
        if (inv.noWrites() && spec.has(CommandFlags.WRITE)) return Errors.tfWriteNotAllowed(spec.name);
        // ACL as the invoking user (RM_Call's "C" flag); a refusal is logged with context "module"
        dev.emredis.internal.acl.User user = server.acl().user(inv.user);
        if (user == null || !user.enabled()) return Errors.TF_USER_GONE;
        dev.emredis.internal.acl.Acl.Denial d = server.acl().check(user, spec, argv);
        if (d != null) {
            server.acl().log.add(scriptClient(), argv, spec, d.reason(), dev.emredis.internal.acl.AclLog.MODULE, d.pos(), inv.user, null);
            return Errors.tfNoPerm(d.reason(), inv.user, spec.name);
        }
        return null;
    }

    private static String text(byte[] b) {
        return new String(b, 0, Math.min(b.length, 128), StandardCharsets.UTF_8);
    }

    private static String argsPreview(byte[][] argv) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < argv.length && b.length() < 128; i++) {
            int room = 128 - b.length();
            b.append('\'').append(new String(argv[i], 0, Math.min(argv[i].length, room), StandardCharsets.UTF_8)).append("' ");
        }
        return b.toString();
    }
}

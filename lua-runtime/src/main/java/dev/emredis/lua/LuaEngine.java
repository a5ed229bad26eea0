package dev.emredis.lua;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.util.Num;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * The EVAL side of one server: its Lua state (built on first use, rebuilt by SCRIPT FLUSH), the
 * script cache keyed by SHA1 holding each compiled function, the script's connection-less
 * client, and the state of the run in progress. Event loop only.
 */
final class LuaEngine {
    static final String SOURCE = "@user_script";

    private final Server server;
    private final LuaRandom random = new LuaRandom();
    private final Map<String, Script> scripts = new HashMap<>();
    private final Client client;
    private final Libraries libraries = new Libraries(this);
    /** The EVAL Lua state (fresh after SCRIPT FLUSH) and the Functions one (fresh after FUNCTION FLUSH). */
    private SandboxGlobals globals;
    private LineTracker tracker;
    private FunctionGlobals functionGlobals;
    private LineTracker functionTracker;
    private Run run;
    /** The Lua debugger, and the clients that asked for it (SCRIPT DEBUG): true = SYNC. */
    private final Ldb ldb = new Ldb(this);
    private final Map<Client, Boolean> debugClients = new java.util.WeakHashMap<>();

    /** A cached script: its body, shebang flags and compiled function. */
    static final class Script {
        final String sha;
        final byte[] body;
        final int flags;
        final LuaValue function;

        Script(String sha, byte[] body, int flags, LuaValue function) {
            this.sha = sha;
            this.body = body;
            this.flags = flags;
            this.function = function;
        }

        boolean flagsMode() {
            return flags != Shebang.COMPAT;
        }

        boolean noWrites() {
            return flagsMode() && (flags & Shebang.NO_WRITES) != 0;
        }
    }

    /** The run in progress: redis.setresp mode, read-only mode, whether it wrote, its timing. */
    static final class Run {
        final String name;
        final boolean readOnly;
        int resp = 2;
        boolean wrote;
        /** Shebang or function flag allow-oom: deny-oom commands run even when memory was over the limit. */
        boolean allowOom;
        /** FCALL (function flavour of BUSY, FUNCTION KILL) rather than EVAL. */
        boolean function;
        /** A library body at FUNCTION LOAD: its own 500 ms limit, never busy. */
        boolean loading;
        Client caller;
        byte[][] argv;
        long startNanos = System.nanoTime();
        long startMillis;
        /** Past busy-reply-threshold: other clients get BUSY, KILL is possible. */
        boolean busy;
        long lastServedNanos;
        LineTracker tracker;

        Run(String name, boolean readOnly) {
            this.name = name;
            this.readOnly = readOnly;
        }

        long elapsedMillis(long nowMillis) {
            return Math.max((System.nanoTime() - startNanos) / 1_000_000, nowMillis - startMillis);
        }
    }

    private static final long FUNCTION_LOAD_LIMIT_MS = 500;

    /**
     * The time check Redis makes from its Lua count hook (and the emulator also makes in every
     * redis.call): past busy-reply-threshold the server turns busy and serves other clients
     * between instructions; a kill raises here. A library body gets 500 ms, then fails.
     */
    void hook() {
        Run r = run;
        if (r == null) return;
        if (r.tracker != null && r.tracker.killed() != null) throw r.tracker.killed();
        long elapsed = r.elapsedMillis(server.clock().millis());
        if (r.loading) {
            if (elapsed >= FUNCTION_LOAD_LIMIT_MS) throw ScriptError.value(ScriptError.errorTable(Errors.FUNCTION_LOAD_TIMEOUT));
            return;
        }
        if (!r.busy) {
            long threshold = server.config().longOf(server.config().param("busy-reply-threshold"));
            if (threshold <= 0 || elapsed < threshold) return;
            r.busy = true;
            server.busyError = r.function ? Errors.BUSY_FUNCTION : Errors.BUSY_EVAL;
        }
        // Other clients are served about once a millisecond (redis.call checks far more often).
        long now = System.nanoTime();
        if (server.loop() != null && now - r.lastServedNanos >= 1_000_000) {
            r.lastServedNanos = now;
            server.loop().processWhileBusy(r.caller);
            // SHUTDOWN NOSAVE ran meanwhile: the script stops, its caller's connection closes.
            if (!server.loop().running()) r.tracker.kill(ScriptError.value(ScriptError.errorTable(Errors.SCRIPT_KILLED)));
        }
        if (r.tracker != null && r.tracker.killed() != null) throw r.tracker.killed();
    }

    /** SHUTDOWN NOSAVE stopped a busy script: its caller gets no reply, only the closed connection. */
    private boolean shuttingDown() {
        return server.loop() != null && !server.loop().running();
    }

    /** Starts a run: the hook, the tracker, the caller (whose connection waits while busy). */
    private Run begin(Run r, LineTracker t, Ctx c) {
        r.tracker = t;
        r.startMillis = server.clock().millis();
        if (c != null) {
            r.caller = c.client;
            r.argv = c.argv;
        }
        t.reset();
        t.hook(this::hook);
        LineTracker.enter(t);
        run = r;
        // Redis 7.0: keys expire against the script's start time while it runs
        server.scriptTimeSnapshot = r.startMillis;
        return r;
    }

    private void end(Run r) {
        if (r.busy) server.busyError = null;
        server.scriptTimeSnapshot = -1;
        run = null;
        LineTracker.enter(null);
    }

    /**
     * SCRIPT KILL ({@code function} false) and FUNCTION KILL, in Redis's order: NOTBUSY, then
     * UNKILLABLE after a write, then the other flavour's BUSY text, else the kill is armed.
     */
    String kill(boolean function) {
        Run r = run;
        if ((r == null || !r.busy) && server.faults.busy) {
            // the busy fault stands for a read-only EVAL script: SCRIPT KILL ends it, FUNCTION KILL
            // names the other kill, as for a real one
            if (function) return Errors.BUSY_EVAL;
            server.faults.busy = false;
            return null;
        }
        if (r == null || !r.busy) return Errors.SCRIPT_NOTBUSY;
        if (r.wrote) return Errors.SCRIPT_UNKILLABLE;
        if (r.function != function) return r.function ? Errors.BUSY_FUNCTION : Errors.BUSY_EVAL;
        r.tracker.kill(ScriptError.value(ScriptError.errorTable(Errors.SCRIPT_KILLED)));
        return null;
    }

    private LuaEngine(Server server) {
        this.server = server;
        // Redis creates the Lua client and the Functions client at startup (client ids 1 and 2).
        this.client = server.newClient(null);
        server.newClient(null);
    }

    static LuaEngine of(Server server) {
        return server.extension(LuaEngine.class, () -> new LuaEngine(server));
    }

    Server server() {
        return server;
    }

    LuaRandom random() {
        return random;
    }

    Run run() {
        return run;
    }

    private SandboxGlobals globals() {
        if (globals == null) {
            globals = Sandbox.build(this, false);
            tracker = new LineTracker(globals);
            // Installed, not loaded: the VM reports to it, scripts see no debug table.
            globals.debuglib = tracker;
        }
        return globals;
    }

    FunctionGlobals functionGlobals() {
        if (functionGlobals == null) {
            functionGlobals = (FunctionGlobals) Sandbox.build(this, true);
            functionTracker = new LineTracker(functionGlobals);
            functionGlobals.debuglib = functionTracker;
        }
        return functionGlobals;
    }

    Libraries libraries() {
        return libraries;
    }

    /** FUNCTION FLUSH (and RESTORE FLUSH): no libraries, a fresh Functions Lua state. */
    void flushFunctions() {
        libraries.flush();
        functionGlobals = null;
    }

    /** Runs Lua code of the Functions state outside FCALL (a library body at FUNCTION LOAD). */
    void runProtected(Runnable body) {
        functionGlobals();
        Run lr = new Run("?", true);
        lr.loading = true;
        Run r = begin(lr, functionTracker, null);
        try {
            body.run();
        } finally {
            end(r);
        }
    }

    /** FCALL / FCALL_RO: callback(keys, args) on the Functions state. */
    void fcall(Ctx c, Libraries.Function f, int numkeys, boolean readOnly) {
        functionGlobals();
        LuaTable keys = strings(c.argv, 3, numkeys);
        LuaTable args = strings(c.argv, 3 + numkeys, c.argc() - 3 - numkeys);
        prepareClient(c);
        String refused = preRunRefusal(c, f.flags);
        if (refused != null) {
            c.error(refused);
            return;
        }
        Run fr = new Run(f.name, readOnly);
        fr.function = true;
        fr.allowOom = f.flags != Shebang.COMPAT && (f.flags & Shebang.ALLOW_OOM) != 0;
        // cluster: a run may touch keys of several slots only in compat mode or with allow-cross-slot-keys
        client.scriptAllowCrossSlot = f.flags == Shebang.COMPAT || (f.flags & Shebang.ALLOW_CROSS_SLOT) != 0;
        Run r = begin(fr, functionTracker, c);
        try {
            LuaValue v = f.callback.call(keys, args);
            Conversions.write(c.out, v, r.resp, 0, c::error);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            if (shuttingDown()) c.markFailed();
            else c.error(LuaErrors.reply(e, f.name, Libraries.SOURCE));
        } finally {
            end(r);
        }
    }

    /** The connection-less client scripts run their commands as. */
    Client scriptClient() {
        return client;
    }

    /** The script's client: the caller's database and user, RESP2 until redis.setresp. */
    private void prepareClient(Ctx c) {
        client.db = c.client.db;
        client.user = c.client.user;
        client.aclUser = c.client.aclUser;
        client.scriptCaller = c.client;
        client.authenticated = true;
    }

    Script lookup(byte[] sha) {
        if (sha.length != 40) return null;
        return scripts.get(new String(sha, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT));
    }

    boolean exists(byte[] sha) {
        return lookup(sha) != null;
    }

    /** SCRIPT LOAD and EVAL: the cached script for this body, compiled and cached when new. */
    Script load(byte[] body) {
        String sha = RedisLib.sha1hex(body);
        Script s = scripts.get(sha);
        if (s != null) return s;
        int flags = Shebang.parse(body);
        LuaValue fn;
        try {
            fn = globals().load(new ByteArrayInputStream(Shebang.code(body, flags)), SOURCE, "t", globals());
        } catch (LuaError e) {
            throw new RedisError(Errors.scriptCompile(Conversions.crlfToSpaces(String.valueOf(e.getMessage()))));
        }
        s = new Script(sha, body, flags, fn);
        scripts.put(sha, s);
        server.cachedScripts = scripts.size();
        return s;
    }

    /** SCRIPT FLUSH: forget every script and start a fresh Lua state (math.random keeps its state). */
    void flush() {
        scripts.clear();
        server.cachedScripts = 0;
        globals = null;
    }

    /**
     * scriptPrepareForRun's checks of the server state (spec 2.3): flags-mode scripts by their
     * declared flags, compatibility-mode ones only against a stale replica.
     */
    private String preRunRefusal(Ctx c, int flags) {
        var repl = server.replication;
        if (flags == Shebang.COMPAT) return repl.refusesStaleData() ? Errors.MASTERDOWN : null;
        if ((flags & Shebang.NO_CLUSTER) != 0 && server.cluster != null) return Errors.SCRIPT_NO_CLUSTER;
        if (repl.refusesStaleData() && (flags & Shebang.ALLOW_STALE) == 0) return Errors.SCRIPT_MASTERDOWN_NO_ALLOW_STALE;
        boolean writes = (flags & Shebang.NO_WRITES) == 0;
        if (writes && repl.isReplica() && server.config().getBool("replica-read-only")) return Errors.SCRIPT_READONLY_REPLICA;
        if (writes && repl.notEnoughGoodReplicas()) return Errors.NOREPLICAS;
        if (writes && (flags & Shebang.ALLOW_OOM) == 0 && server.preCommandOom && !c.client.noEvict) {
            return Errors.SCRIPT_OOM_NO_ALLOW_OOM;
        }
        return null;
    }

    /**
     * evalGetCommandFlags / fcallGetCommandFlags: for a script or function with declared flags,
     * the command's write, deny-oom, stale and may-replicate flags are replaced by what the flags
     * say (no-writes, allow-oom, allow-stale); null when the command keeps its own.
     */
    Long commandFlags(CommandSpec spec, byte[][] argv) {
        if (argv.length < 2) return null;
        int flags;
        switch (spec.name) {
            case "eval":
            case "eval_ro": {
                Script s = scripts.get(RedisLib.sha1hex(argv[1]));
                try {
                    flags = s != null ? s.flags : Shebang.parse(argv[1]);
                } catch (RuntimeException e) {
                    return null; // a bad shebang is refused when the command runs
                }
                break;
            }
            case "evalsha":
            case "evalsha_ro": {
                Script s = lookup(argv[1]);
                if (s == null) return null;
                flags = s.flags;
                break;
            }
            case "fcall":
            case "fcall_ro": {
                Libraries.Function f = libraries.function(argv[1]);
                if (f == null) return null;
                flags = f.flags;
                break;
            }
            default:
                return null;
        }
        if (flags == Shebang.COMPAT) return null;
        long cmd = spec.flags & ~(CommandFlags.STALE | CommandFlags.DENYOOM | CommandFlags.WRITE | CommandFlags.MAY_REPLICATE);
        if ((flags & (Shebang.ALLOW_OOM | Shebang.NO_WRITES)) == 0) cmd |= CommandFlags.DENYOOM;
        if ((flags & Shebang.NO_WRITES) == 0) cmd |= CommandFlags.WRITE;
        if ((flags & Shebang.ALLOW_STALE) != 0) cmd |= CommandFlags.STALE;
        return cmd;
    }

    Ldb ldb() {
        return ldb;
    }

    /** SCRIPT DEBUG: YES (false), SYNC (true) or NO (null) for this client's next EVAL. */
    void scriptDebug(Client c, Boolean sync) {
        if (sync == null) {
            debugClients.remove(c);
            return;
        }
        debugClients.put(c, sync);
        ldb.enable(c);
    }

    boolean debugging(Client c) {
        return debugClients.containsKey(c);
    }

    /** The debugger's eval: code compiled in the EVAL state as chunk "@ldb_eval". */
    LuaValue compileForDebugger(String code) {
        return globals().load(new ByteArrayInputStream(code.getBytes(StandardCharsets.UTF_8)), "@ldb_eval", "t", globals());
    }

    LuaValue evalGlobal(String name) {
        return globals().rawget(name);
    }

    /** Runs a cached script for EVAL/EVALSHA (keys and args are argv[3..]). */
    void eval(Ctx c, Script s, int numkeys, boolean readOnly) {
        Boolean sync = debugClients.get(c.client);
        if (sync != null && c.client.connection != null && server.loop() != null) {
            evalDebug(c, s, numkeys, readOnly, sync);
            return;
        }
        evalRun(c, s, numkeys, readOnly);
    }

    /**
     * evalGenericCommandWithDebugging: the script runs with the debugger's line hook; at the end
     * the last logs and "<endsession>" go out, then the EVAL reply, then the connection closes.
     * Redis runs a YES session in a forked child, so its writes vanish: here the dataset is
     * snapshotted and put back (other clients wait meanwhile, as in a SYNC session).
     */
    private void evalDebug(Ctx c, Script s, int numkeys, boolean readOnly, boolean sync) {
        var log = server.log;
        log.log(dev.emredis.internal.server.ServerLog.WARNING,
                sync ? "Redis synchronous debugging eval session started" : "Redis forked for debugging eval");
        DatasetSnapshot snapshot = sync ? null : DatasetSnapshot.take(server);
        // what the client was sent before (SCRIPT DEBUG's +OK) goes out ahead of the debugger
        server.loop().writeDirect(c.client, new byte[0]);
        ldb.start(c.client, s.body, sync);
        tracker().ldb(ldb);
        try {
            evalRun(c, s, numkeys, readOnly);
        } finally {
            tracker().ldb(null);
            byte[] reply = java.util.Arrays.copyOf(c.client.out.buffer(), c.client.out.size());
            c.client.out.clear();
            ldb.end();
            c.client.out.raw(reply);
            c.client.closeAfterReply = true;
            debugClients.remove(c.client);
            if (snapshot != null) {
                snapshot.restore(server);
                log.log(dev.emredis.internal.server.ServerLog.WARNING, "Lua debugging session child exiting");
            } else {
                log.log(dev.emredis.internal.server.ServerLog.WARNING, "Redis synchronous debugging eval session ended");
            }
        }
    }

    private LineTracker tracker() {
        globals();
        return tracker;
    }

    /** After a stop in the debugger, Redis restarts the run's clocks (busy time, expiry time). */
    void debuggerResumed() {
        if (run != null) {
            run.startMillis = server.clock().millis();
            run.startNanos = System.nanoTime();
            server.scriptTimeSnapshot = run.startMillis;
        }
    }

    private void evalRun(Ctx c, Script s, int numkeys, boolean readOnly) {
        SandboxGlobals g = globals();
        g.setUnprotected("KEYS", strings(c.argv, 3, numkeys));
        g.setUnprotected("ARGV", strings(c.argv, 3 + numkeys, c.argc() - 3 - numkeys));
        String refused = preRunRefusal(c, s.flags);
        if (refused != null) {
            c.error(refused);
            return;
        }
        prepareClient(c);
        Run er = new Run(s.sha, readOnly);
        er.allowOom = s.flagsMode() && (s.flags & Shebang.ALLOW_OOM) != 0;
        client.scriptAllowCrossSlot = !s.flagsMode() || (s.flags & Shebang.ALLOW_CROSS_SLOT) != 0;
        Run r = begin(er, tracker, c);
        // a debugged script has the debugger's hook instead of the busy-script one: past
        // busy-reply-threshold (5 s when 0) without a stop, it stops at the next line
        if (ldb.active) {
            tracker.hook(() -> {
                long limit = server.config().longOf(server.config().param("busy-reply-threshold"));
                if (limit <= 0) limit = 5000;
                if (!ldb.step && r.elapsedMillis(server.clock().millis()) >= limit) ldb.timedOut();
            });
        }
        try {
            Varargs v = s.function.invoke(LuaValue.NONE);
            Conversions.write(c.out, v.arg1(), r.resp, 0, c::error);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            if (shuttingDown()) c.markFailed();
            else c.error(LuaErrors.reply(e, s.sha, SOURCE));
        } finally {
            end(r);
        }
    }

    private static LuaTable strings(byte[][] argv, int from, int n) {
        LuaTable t = new LuaTable(n, 0);
        for (int i = 0; i < n; i++) t.rawset(i + 1, LuaString.valueOf(argv[from + i]));
        return t;
    }


    /**
     * redis.call ({@code raise}) and redis.pcall: converts the arguments, runs the command through
     * the server's pipeline in script mode, and returns its reply as a Lua value. A refused or
     * failed command is an error table, raised by call and returned by pcall.
     */
    Varargs redisCall(Varargs a, boolean raise) {
        Run r = run;
        hook();
        int n = a.narg();
        if (n == 0) return fail("ERR " + Errors.SCRIPT_CALL_NO_ARGS, raise);
        byte[][] argv = new byte[n][];
        for (int i = 0; i < n; i++) {
            LuaValue v = a.arg(i + 1);
            if (v.type() == LuaValue.TSTRING) {
                argv[i] = Conversions.bytes(v);
            } else if (v.type() == LuaValue.TNUMBER) {
                // Redis 7.0 prints numbers with %.17g (0.1 -> 0.10000000000000001).
                argv[i] = Num.g17(v.todouble()).getBytes(StandardCharsets.US_ASCII);
            } else {
                return fail("ERR " + Errors.SCRIPT_CALL_BAD_ARG, raise);
            }
        }
        LuaReplySink sink = new LuaReplySink(r.resp);
        boolean logged = ldb.isEnabled() && !r.function;
        LdbReplyText human = logged ? new LdbReplyText(r.resp) : null;
        if (logged) ldb.logCommand(argv);
        dev.emredis.internal.resp.ReplySink target = logged ? new LdbReplyText.Tee(sink, human) : sink;
        String refused = server.pipeline().callFromScript(client, argv, target, r.readOnly, r.wrote, r.allowOom);
        if (refused != null) {
            if (logged) ldb.log("<error> " + (refused.startsWith("ERR ") ? refused.substring(4) : "-" + refused));
            return fail(refused, raise);
        }
        if (logged) {
            // a command's own error is logged as an error too, then as its reply
            if (sink.isError()) ldb.log("<error> -" + sink.result().get("err").tojstring());
            byte[] h = human.text();
            byte[] line = java.util.Arrays.copyOf("<reply> ".getBytes(StandardCharsets.US_ASCII), 8 + h.length);
            System.arraycopy(h, 0, line, 8, h.length);
            ldb.logWithMaxLen(line);
        }
        CommandSpec spec = server.pipeline().lookup(argv);
        if (spec != null && spec.has(CommandFlags.WRITE)) r.wrote = true;
        if (raise && sink.isError()) throw ScriptError.value(sink.result());
        return sink.result();
    }

    private static Varargs fail(String text, boolean raise) {
        LuaTable t = ScriptError.errorTable(text);
        if (raise) throw ScriptError.value(t);
        return t;
    }
}

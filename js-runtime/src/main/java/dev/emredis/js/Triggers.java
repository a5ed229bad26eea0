package dev.emredis.js;

import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisStream;
import dev.emredis.internal.keyspace.StreamID;
import dev.emredis.internal.resp.ReplySink;
import dev.emredis.internal.server.ByteKey;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.ServerListener;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * Keyspace triggers (§8) and stream triggers (§9). Events come from the keyspace notification
 * hook (every class, keymiss included, whatever notify-keyspace-events says). onTriggerFired runs
 * at once, inside the command; main callbacks and stream processing are post-execution jobs, run
 * after the top-level command (a whole EXEC or script), after a block() section, or at cron for
 * expiry, and before the next client command. Keyspace triggers ignore events caused by JS code;
 * stream triggers do not.
 */
final class Triggers implements ServerListener {
    static final class KeyspaceTrigger {
        final String name;
        final byte[] prefix;
        final Function callback;
        final Function onFired;
        final String description;
        final boolean coroutine;
        /** Statistics, kept across library upgrades (the trigger keeps its identity). */
        Stats stats = new Stats();

        KeyspaceTrigger(String name, byte[] prefix, Function callback, Function onFired, String description, boolean coroutine) {
            this.name = name;
            this.prefix = prefix;
            this.callback = callback;
            this.onFired = onFired;
            this.description = description;
            this.coroutine = coroutine;
        }
    }

    static final class Stats {
        long numTrigger;
        long numFinished;
        long numSuccess;
        long numFailed;
        long lastExecutionMs;
        long totalExecutionMs;
        String lastError;

        synchronized void finished(String error, long startNanos) {
            long ms = (System.nanoTime() - startNanos) / 1_000_000;
            numFinished++;
            if (error == null) numSuccess++;
            else {
                numFailed++;
                lastError = error;
            }
            lastExecutionMs = ms;
            totalExecutionMs += ms;
        }
    }

    static final class StreamTrigger {
        final String name;
        final byte[] prefix;
        final Function callback;
        final boolean coroutine;
        final int window;
        final boolean trim;
        final String description;
        /** Progress per stream name (kept across upgrades; forgotten when the stream is deleted). */
        Map<ByteKey, StreamState> streams = new LinkedHashMap<>();

        StreamTrigger(String name, byte[] prefix, Function callback, boolean coroutine, int window, boolean trim, String description) {
            this.name = name;
            this.prefix = prefix;
            this.callback = callback;
            this.coroutine = coroutine;
            this.window = window;
            this.trim = trim;
            this.description = description;
        }
    }

    static final class StreamState {
        final byte[] name;
        int db;
        StreamID lastRead;
        final List<StreamID> pending = new ArrayList<>();
        String lastError;
        long lastLag;
        long lastProcessedMs;
        long totalLag;
        long totalProcessedMs;
        long totalRecords;

        StreamState(byte[] name, int db) {
            this.name = name;
            this.db = db;
        }
    }

    private final Gears gears;
    private final ArrayDeque<Runnable> postJobs = new ArrayDeque<>();
    private boolean draining;

    Triggers(Gears gears) {
        this.gears = gears;
    }

    // --- registration ---------------------------------------------------------------------------

    static Object registerKeyspace(Context cx, Library lib, Object[] a) {
        RedisApi.requireLoading(lib);
        String name = RedisApi.name(a);
        if (a.length < 3) throw Convert.jsError(JsTexts.MISSING_1);
        byte[] prefix = RedisApi.prefix(a[1]);
        if (prefix == null) throw Convert.jsError(JsTexts.KS_BAD_PREFIX);
        if (!(a[2] instanceof Function)) throw Convert.jsError(JsTexts.KS_NOT_FUNCTION);
        Scriptable opts = RedisApi.options(a, 3, java.util.Set.of("description", "onTriggerFired"));
        String description = RedisApi.description(opts);
        Object fired = RedisApi.field(opts, "onTriggerFired");
        if (fired != null && (!(fired instanceof Function) || Exec.isAsync(cx, lib, fired))) {
            throw Convert.jsError(JsTexts.KS_ON_FIRED_NOT_FUNCTION);
        }
        String bad = Names.check("key space trigger", name);
        if (bad != null) throw Convert.jsError(bad);
        if (lib.keyspaceTriggers.containsKey(name)) throw Convert.jsError(JsTexts.KS_EXISTS);
        lib.keyspaceTriggers.put(name, new KeyspaceTrigger(name, prefix, (Function) a[2], (Function) fired, description,
                Exec.isAsync(cx, lib, a[2])));
        return Context.getUndefinedValue();
    }

    static Object registerStream(Context cx, Library lib, Object[] a) {
        RedisApi.requireLoading(lib);
        String name = RedisApi.name(a);
        if (a.length < 3) throw Convert.jsError(JsTexts.MISSING_1);
        byte[] prefix = RedisApi.prefix(a[1]);
        if (prefix == null) throw Convert.jsError(JsTexts.ST_BAD_PREFIX);
        if (!(a[2] instanceof Function)) throw Convert.jsError(JsTexts.ST_NOT_FUNCTION);
        Scriptable opts = RedisApi.options(a, 3, java.util.Set.of("description", "window", "isStreamTrimmed"));
        String description = RedisApi.description(opts);
        int window = 1;
        Object w = RedisApi.field(opts, "window");
        if (w != null) {
            if (!(w instanceof Number) || ((Number) w).doubleValue() != Math.rint(((Number) w).doubleValue())) {
                throw Convert.jsError(JsTexts.ST_WINDOW_TYPE);
            }
            if (((Number) w).doubleValue() < 1) throw Convert.jsError(JsTexts.ST_WINDOW);
            window = (int) Math.min(Integer.MAX_VALUE, ((Number) w).doubleValue());
        }
        Object t = RedisApi.field(opts, "isStreamTrimmed");
        boolean trim = t instanceof Boolean && (Boolean) t;
        String bad = Names.check("stream trigger", name);
        if (bad != null) throw Convert.jsError(bad);
        if (lib.streamTriggers.containsKey(name)) throw Convert.jsError(JsTexts.ST_EXISTS);
        lib.streamTriggers.put(name, new StreamTrigger(name, prefix, (Function) a[2], Exec.isAsync(cx, lib, a[2]), window,
                trim, description));
        return Context.getUndefinedValue();
    }

    // --- library lifecycle ----------------------------------------------------------------------

    /** REPLACE: a stream trigger must keep its prefix; returns the load error or null. */
    String checkUpgrade(Library old, Library fresh) {
        for (StreamTrigger st : fresh.streamTriggers.values()) {
            StreamTrigger before = old.streamTriggers.get(st.name);
            if (before != null && !java.util.Arrays.equals(before.prefix, st.prefix)) {
                return "Can not upgrade an existing consumer with different prefix, consumer: '" + st.name
                        + "', old_prefix: " + printable(before.prefix) + ", new_prefix: " + printable(st.prefix) + ".";
            }
        }
        return null;
    }

    private static String printable(byte[] b) {
        String s = Convert.utf8(b);
        return s == null ? "[binary data]" : s;
    }

    /** Same-named triggers keep statistics (keyspace) and progress (streams). */
    void upgraded(Library old, Library fresh) {
        for (KeyspaceTrigger kt : fresh.keyspaceTriggers.values()) {
            KeyspaceTrigger before = old.keyspaceTriggers.get(kt.name);
            if (before != null) kt.stats = before.stats;
        }
        for (StreamTrigger st : fresh.streamTriggers.values()) {
            StreamTrigger before = old.streamTriggers.get(st.name);
            if (before != null) st.streams = before.streams;
        }
    }

    /** A loaded library's stream triggers consume the matching streams that already exist. */
    void libraryLoaded(Library lib) {
        if (lib.streamTriggers.isEmpty() || gears.server.replication.isReplica()) return;
        for (Database db : gears.server.dbs()) {
            List<byte[]> streams = new ArrayList<>();
            db.keys.forEachEntry(e -> {
                if (e.value instanceof RedisStream) streams.add(e.key);
            });
            for (byte[] key : streams) {
                for (StreamTrigger st : lib.streamTriggers.values()) {
                    if (startsWith(key, st.prefix)) postJobs.add(() -> processStream(lib, st, key, db.id));
                }
            }
        }
        runPostJobs();
    }

    void libraryDeleted(Library lib) { }

    // --- events -------------------------------------------------------------------------------

    @Override
    public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
        if (gears.libraries.isEmpty() || event.equals("new") || gears.server.replication.isReplica()) return;
        for (Library lib : new ArrayList<>(gears.libraries.values())) {
            for (StreamTrigger st : lib.streamTriggers.values()) {
                if (startsWith(key, st.prefix)) postJobs.add(() -> processStream(lib, st, key, dbid));
            }
        }
        // keyspace triggers do not fire for what JS code does (no recursion)
        if (gears.jsCommandDepth > 0 || gears.lockedSections > 0) return;
        for (Library lib : new ArrayList<>(gears.libraries.values())) {
            for (KeyspaceTrigger kt : lib.keyspaceTriggers.values()) {
                if (startsWith(key, kt.prefix)) fire(lib, kt, event, key, dbid);
            }
        }
    }

    @Override
    public void afterCommand(Client c, CommandSpec spec, byte[][] argv, long micros) {
        // after a top-level command (or a whole EXEC / script), not after each command inside one
        if (c.connection != null && !c.inMulti) runPostJobs();
    }

    @Override
    public void cron() {
        runPostJobs();
    }

    @Override
    public void databaseFlushed(Database db) {
        for (Library lib : gears.libraries.values()) {
            for (StreamTrigger st : lib.streamTriggers.values()) st.streams.values().removeIf(s -> s.db == db.id);
        }
    }

    /** After a JS section on the loop (a block() callback): run post-execution jobs. */
    void afterSection() {
        runPostJobs();
    }

    void runPostJobs() {
        if (draining || postJobs.isEmpty()) return;
        draining = true;
        try {
            Runnable r;
            while ((r = postJobs.poll()) != null) r.run();
        } finally {
            draining = false;
        }
        gears.server.blocked.handleReadyKeys();
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        if (key.length < prefix.length) return false;
        for (int i = 0; i < prefix.length; i++) if (key[i] != prefix[i]) return false;
        return true;
    }

    // --- keyspace triggers ------------------------------------------------------------------------

    private Scriptable keyspaceData(Context cx, Library lib, String event, byte[] key) {
        Scriptable data = cx.newObject(lib.scope);
        ScriptableObject.putProperty(data, "event", event);
        ScriptableObject.putProperty(data, "key", Convert.utf8(key));
        ScriptableObject.putProperty(data, "key_raw", Convert.arrayBuffer(cx, lib, key));
        return data;
    }

    private void fire(Library lib, KeyspaceTrigger kt, String event, byte[] key, int dbid) {
        synchronized (kt.stats) {
            kt.stats.numTrigger++;
        }
        long start = System.nanoTime();
        String denied = keyDenied(lib, key);
        if (denied == null && JsMemory.stillOom(gears, lib)) denied = Errors.TF_JS_OOM;
        if (denied != null) {
            kt.stats.finished(denied, start);
            return;
        }
        Object[] data = new Object[1];
        if (kt.onFired != null) {
            try {
                Exec.locked(gears, lib, cx -> {
                    data[0] = keyspaceData(cx, lib, event, key);
                    Invocation inv = new Invocation(gears, lib, 0, dbid, lib.user, true, true);
                    try {
                        kt.onFired.call(cx, lib.scope, lib.scope, new Object[] {Clients.sync(cx, inv), data[0]});
                    } finally {
                        inv.valid = false;
                    }
                    return null;
                });
            } catch (RuntimeException | JsEngine.Timeout | StackOverflowError e) {
                kt.stats.finished(Convert.errorText(e), start);
                return;
            }
        }
        KeyspaceTrigger trigger = kt;
        postJobs.add(() -> runKeyspace(lib, trigger, data[0], event, key, dbid, start));
    }

    /**
     * The check made before a trigger runs on a key (§8, §9): the library's user needs every key
     * permission (read and write) on it; otherwise the run fails with this text, naming the user,
     * the key ("[binary data]" when not UTF-8) and the ACL reason.
     */
    private String keyDenied(Library lib, byte[] key) {
        dev.emredis.internal.acl.User u = gears.server.acl().user(lib.user);
        String reason;
        if (u == null) reason = Errors.TF_USER_GONE;
        else if (!gears.server.acl().keyPermitted(u, key, FULL_KEY_ACCESS)) reason = JsTexts.NO_KEY_PERMISSION;
        else return null;
        return JsTexts.triggerKeyDenied(lib.user, printable(key), reason);
    }

    private static final List<String> FULL_KEY_ACCESS = List.of("access", "insert", "delete", "update");

    private void runKeyspace(Library lib, KeyspaceTrigger kt, Object data, String event, byte[] key, int dbid, long start) {
        if (!lib.alive) return;
        if (kt.coroutine) {
            Exec.background(lib, cx -> {
                Object d = data != null ? data : keyspaceData(cx, lib, event, key);
                Invocation inv = new Invocation(gears, lib, 0, 0, lib.user, false, false);
                Object r;
                try {
                    r = kt.callback.call(cx, lib.scope, lib.scope, new Object[] {Clients.async(cx, inv), d});
                } catch (RuntimeException | StackOverflowError e) {
                    kt.stats.finished(Convert.errorText(e), start);
                    return;
                }
                settle(cx, lib, r, error -> kt.stats.finished(error, start));
            });
            return;
        }
        try {
            Exec.locked(gears, lib, cx -> {
                Object d = data != null ? data : keyspaceData(cx, lib, event, key);
                Invocation inv = new Invocation(gears, lib, 0, dbid, lib.user, true, false);
                Object r;
                try {
                    r = kt.callback.call(cx, lib.scope, lib.scope, new Object[] {Clients.sync(cx, inv), d});
                } finally {
                    inv.valid = false;
                }
                Exec.drain(cx, lib);
                settle(cx, lib, r, error -> kt.stats.finished(error, start));
                return null;
            });
        } catch (RuntimeException | JsEngine.Timeout | StackOverflowError e) {
            kt.stats.finished(Convert.errorText(e), start);
        }
    }

    /** Calls {@code done} with null (success) or the error text once the callback's result settles. */
    private static void settle(Context cx, Library lib, Object result, java.util.function.Consumer<String> done) {
        if (!Exec.isPromise(cx, lib, result)) {
            done.accept(null);
            return;
        }
        Exec.whenSettled(cx, lib, result, tree -> done.accept(tree instanceof ReplyCapture.Err ? ((ReplyCapture.Err) tree).text() : null));
    }

    // --- stream triggers --------------------------------------------------------------------------

    /** Reads the entries after the trigger's last read id while fewer than window are pending. */
    private void processStream(Library lib, StreamTrigger st, byte[] key, int dbid) {
        if (!lib.alive || lib != gears.libraries.get(lib.name)) return;
        ByteKey bk = new ByteKey(key);
        RedisObject o = gears.server.db(dbid).peek(key);
        if (!(o instanceof RedisStream)) {
            st.streams.remove(bk); // a deleted stream starts from its first entry when re-created
            return;
        }
        StreamState ss = st.streams.computeIfAbsent(bk, k -> new StreamState(key, dbid));
        while (ss.pending.size() < st.window) {
            RedisStream s = (RedisStream) gears.server.db(dbid).peek(key);
            if (s == null) break;
            StreamID from = ss.lastRead == null ? StreamID.MIN : ss.lastRead.next();
            List<RedisStream.Item> items = s.range(from, StreamID.MAX, false, 1);
            if (items.isEmpty()) break;
            RedisStream.Item item = items.get(0);
            ss.lastRead = item.id;
            ss.pending.add(item.id);
            runStreamCallback(lib, st, ss, dbid, item);
        }
    }

    private Scriptable streamData(Context cx, Library lib, byte[] key, RedisStream.Item item) {
        Scriptable data = cx.newObject(lib.scope);
        ScriptableObject.putProperty(data, "id", cx.newArray(lib.scope,
                new Object[] {new BigInteger(Long.toUnsignedString(item.id.ms)), new BigInteger(Long.toUnsignedString(item.id.seq))}));
        ScriptableObject.putProperty(data, "stream_name", Convert.utf8(key));
        ScriptableObject.putProperty(data, "stream_name_raw", Convert.arrayBuffer(cx, lib, key));
        Object[] record = new Object[item.fields.length];
        Object[] recordRaw = new Object[item.fields.length];
        for (int i = 0; i < item.fields.length; i++) {
            record[i] = cx.newArray(lib.scope, new Object[] {Convert.utf8(item.fields[i]), Convert.utf8(item.values[i])});
            recordRaw[i] = cx.newArray(lib.scope,
                    new Object[] {Convert.arrayBuffer(cx, lib, item.fields[i]), Convert.arrayBuffer(cx, lib, item.values[i])});
        }
        ScriptableObject.putProperty(data, "record", cx.newArray(lib.scope, record));
        ScriptableObject.putProperty(data, "record_raw", cx.newArray(lib.scope, recordRaw));
        return data;
    }

    private void runStreamCallback(Library lib, StreamTrigger st, StreamState ss, int dbid, RedisStream.Item item) {
        long start = System.nanoTime();
        String denied = keyDenied(lib, ss.name);
        if (denied == null && JsMemory.stillOom(gears, lib)) denied = Errors.TF_JS_OOM;
        if (denied != null) {
            ack(lib, st, ss, item.id, denied, start);
            return;
        }
        if (st.coroutine) {
            Exec.background(lib, cx -> {
                Invocation inv = new Invocation(gears, lib, 0, 0, lib.user, false, false);
                Object r;
                try {
                    r = st.callback.call(cx, lib.scope, lib.scope, new Object[] {Clients.async(cx, inv), streamData(cx, lib, ss.name, item)});
                } catch (RuntimeException | StackOverflowError e) {
                    String error = Convert.errorText(e);
                    gears.loop().execute(() -> ack(lib, st, ss, item.id, error, start));
                    return;
                }
                settle(cx, lib, r, error -> gears.loop().execute(() -> ack(lib, st, ss, item.id, error, start)));
            });
            return;
        }
        String[] error = {null};
        boolean[] pendingPromise = {false};
        try {
            Exec.locked(gears, lib, cx -> {
                Invocation inv = new Invocation(gears, lib, 0, dbid, lib.user, true, false);
                Object r;
                try {
                    r = st.callback.call(cx, lib.scope, lib.scope, new Object[] {Clients.sync(cx, inv), streamData(cx, lib, ss.name, item)});
                } finally {
                    inv.valid = false;
                }
                Exec.drain(cx, lib);
                if (Exec.isPromise(cx, lib, r) && Exec.state(cx, lib, r) == Exec.PENDING) {
                    pendingPromise[0] = true;
                    settle(cx, lib, r, e -> gears.loop().execute(() -> ack(lib, st, ss, item.id, e, start)));
                } else if (Exec.isPromise(cx, lib, r) && Exec.state(cx, lib, r) == Exec.REJECTED) {
                    error[0] = Convert.valueText(Exec.value(cx, lib, r));
                }
                return null;
            });
        } catch (RuntimeException | JsEngine.Timeout | StackOverflowError e) {
            error[0] = Convert.errorText(e);
        }
        if (!pendingPromise[0]) ack(lib, st, ss, item.id, error[0], start);
    }

    /**
     * An entry is done (failures acknowledge too): statistics, and with isStreamTrimmed, XTRIM
     * MINID up to what no trigger tracking the stream still needs. Then read on.
     */
    private void ack(Library lib, StreamTrigger st, StreamState ss, StreamID id, String error, long start) {
        boolean oldest = !ss.pending.isEmpty() && ss.pending.get(0).equals(id);
        ss.pending.remove(id);
        long ms = (System.nanoTime() - start) / 1_000_000;
        long lag = Math.max(0, gears.server.clock().millis() - id.ms);
        ss.totalRecords++;
        ss.lastLag = lag;
        ss.totalLag += lag;
        ss.lastProcessedMs = ms;
        ss.totalProcessedMs += ms;
        if (error != null) ss.lastError = error;
        if (st.trim && oldest) trim(ss);
        if (lib.alive) {
            postJobs.add(() -> processStream(lib, st, ss.name, ss.db));
            if (!draining) runPostJobs();
        }
    }

    private void trim(StreamState ss) {
        ByteKey bk = new ByteKey(ss.name);
        StreamID min = null;
        for (Library l : gears.libraries.values()) {
            for (StreamTrigger t : l.streamTriggers.values()) {
                StreamState s = t.streams.get(bk);
                if (s == null) continue;
                StreamID need = !s.pending.isEmpty() ? s.pending.get(0) : s.lastRead == null ? StreamID.MIN : s.lastRead.next();
                if (min == null || need.compareTo(min) < 0) min = need;
            }
        }
        if (min == null) return;
        Library any = gears.libraries.values().iterator().next();
        Invocation inv = new Invocation(gears, any, 0, ss.db, "default", false, false);
        String minId = Long.toUnsignedString(min.ms) + "-" + Long.toUnsignedString(min.seq);
        gears.runCommand(inv, new byte[][] {b("XTRIM"), ss.name, b("MINID"), b(minId)}, new ReplyCapture());
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    // --- TFUNCTION LIST ---------------------------------------------------------------------------

    void describeKeyspace(ReplySink out, Library lib, int verbosity) {
        out.array(lib.keyspaceTriggers.size());
        for (KeyspaceTrigger kt : lib.keyspaceTriggers.values()) {
            if (verbosity == 0) {
                out.bulk(kt.name);
                continue;
            }
            Stats s = kt.stats;
            synchronized (s) {
                out.map(9);
                out.bulk("description");
                bulkOrNull(out, kt.description);
                out.bulk("last_error");
                bulkOrNull(out, s.lastError);
                out.bulk("last_execution_time");
                out.integer(s.lastExecutionMs);
                out.bulk("name");
                out.bulk(kt.name);
                out.bulk("num_failed");
                out.integer(s.numFailed);
                out.bulk("num_finished");
                out.integer(s.numFinished);
                out.bulk("num_success");
                out.integer(s.numSuccess);
                out.bulk("num_trigger");
                out.integer(s.numTrigger);
                out.bulk("total_execution_time");
                out.integer(s.totalExecutionMs);
            }
        }
    }

    void describeStreams(ReplySink out, Library lib, int verbosity) {
        out.array(lib.streamTriggers.size());
        for (StreamTrigger st : lib.streamTriggers.values()) {
            if (verbosity == 0) {
                out.bulk(st.name);
                continue;
            }
            out.map(verbosity >= 2 ? 6 : 5);
            out.bulk("description");
            bulkOrNull(out, st.description);
            out.bulk("name");
            out.bulk(st.name);
            out.bulk("prefix");
            out.bulk(st.prefix);
            if (verbosity >= 2) {
                out.bulk("streams");
                out.array(st.streams.size());
                for (StreamState ss : st.streams.values()) describeStream(out, ss);
            }
            out.bulk("trim");
            out.bool(st.trim);
            out.bulk("window");
            out.integer(st.window);
        }
    }

    private static void describeStream(ReplySink out, StreamState ss) {
        out.map(9);
        out.bulk("id_to_read_from");
        bulkOrNull(out, ss.lastRead == null ? null : id(ss.lastRead));
        out.bulk("last_error");
        bulkOrNull(out, ss.lastError);
        out.bulk("last_lag");
        out.integer(ss.lastLag);
        out.bulk("last_processed_time");
        out.integer(ss.lastProcessedMs);
        out.bulk("name");
        out.bulk(ss.name);
        out.bulk("pending_ids");
        out.array(ss.pending.size());
        for (StreamID p : ss.pending) out.bulk(id(p));
        out.bulk("total_lag");
        out.integer(ss.totalLag);
        out.bulk("total_processed_time");
        out.integer(ss.totalProcessedMs);
        out.bulk("total_record_processed");
        out.integer(ss.totalRecords);
    }

    private static String id(StreamID id) {
        return Long.toUnsignedString(id.ms) + "-" + Long.toUnsignedString(id.seq);
    }

    private static void bulkOrNull(ReplySink out, String s) {
        if (s == null) out.nullBulk();
        else out.bulk(s);
    }
}

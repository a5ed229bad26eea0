package dev.emredis.internal.server;

import dev.emredis.internal.command.CommandFlags;
import dev.emredis.internal.command.CommandSpec;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.keyspace.Dict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Client-side caching (CLIENT TRACKING) with Redis 7.0.15's rules (tracking.c):
 * <ul>
 * <li>Default mode: after a read-only command, the keys it names (legacy key range or getkeys
 * procedure) are remembered for the caller, unless OPTIN without CLIENT CACHING YES or OPTOUT
 * with CLIENT CACHING NO. The table maps key names (all databases alike) to client ids; a change
 * to a key sends one invalidation to each id and forgets the key. Ids of clients that left or
 * turned tracking off stay until then (counted in tracking_total_items), as Redis frees lazily.</li>
 * <li>NOLOOP: no invalidation for changes the client made itself.</li>
 * <li>An invalidation for the client whose command is running is held back and sent after the
 * reply of the top-level command (after EXEC's whole reply in a transaction).</li>
 * <li>BCAST: prefixes are global; a changed key is collected under every prefix it starts with
 * and each prefix sends its keys (in byte order, with the last writer to honour NOLOOP) once per
 * event-loop iteration, as Redis does in beforeSleep.</li>
 * <li>Delivery: RESP3 clients get a push {@code >2 invalidate [keys]}; with REDIRECT the target
 * gets it, and a RESP2 target only when it has subscriptions, as a {@code __redis__:invalidate}
 * message; a RESP2 client without redirect gets nothing. A vanished redirect target flags the
 * client (R) and a RESP3 client is told {@code tracking-redir-broken}.</li>
 * <li>FLUSHDB/FLUSHALL send a null (all keys) to every tracking client and clear the table.</li>
 * <li>{@code tracking-table-max-keys}: past it, random keys are invalidated before each command
 * and at cron, with Redis's growing effort.</li>
 * </ul>
 */
public final class Tracking {
    public static final int ON = 1;
    public static final int BROKEN_REDIR = 1 << 1;
    public static final int BCAST = 1 << 2;
    public static final int OPTIN = 1 << 3;
    public static final int OPTOUT = 1 << 4;
    /** CLIENT CACHING YES (OPTIN) or NO (OPTOUT) was given for the next command or transaction. */
    public static final int CACHING = 1 << 5;
    public static final int NOLOOP = 1 << 6;

    private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Redis keeps ids in a radix tree of their in-memory (little-endian) bytes: that is the order. */
    private static final Comparator<Long> ID_ORDER =
            (a, b) -> Long.compareUnsigned(Long.reverseBytes(a), Long.reverseBytes(b));

    /** The clients of one BCAST prefix and the keys changed under it since the last broadcast. */
    private static final class Prefix {
        /** Key to the client that changed it last (null: no client, e.g. expiry), in byte order. */
        final TreeMap<ByteKey, Client> keys = new TreeMap<>();
        final Set<Client> clients = new LinkedHashSet<>();
    }

    private final Server server;
    private final Config.Param maxKeys;
    /** Redis creates its tables when a client first enables tracking; until then nothing is done. */
    private boolean tablesCreated;
    private final Dict<TreeSet<Long>> table = new Dict<>();
    private long totalItems;
    private final TreeMap<ByteKey, Prefix> prefixes = new TreeMap<>();
    private int trackingClients;
    /** Redis's timeout_counter of trackingLimitUsedSlots: effort grows while over the limit. */
    private int limitRounds;

    /** Redis's server.current_client: whose command is being processed (null outside). */
    private Client current;
    /**
     * The commands being called, innermost last (EXEC and scripts call others inside): its size is
     * Redis's fixed_time_expire nesting; a script's frame finds its caller's command below it.
     */
    private final ArrayList<Ctx> calls = new ArrayList<>();
    /** Invalidations for the current client, sent after its top-level reply; null = flush. */
    private final List<byte[]> pending = new ArrayList<>();

    Tracking(Server server) {
        this.server = server;
        this.maxKeys = server.config().param("tracking-table-max-keys");
    }

    public int clients() {
        return trackingClients;
    }

    public long totalKeys() {
        return table.size();
    }

    public long totalItems() {
        return totalItems;
    }

    public long totalPrefixes() {
        return prefixes.size();
    }

    // --- command processing context ---

    /** A client's command starts being processed; returns the previous current client. */
    public Client enterCommand(Client c) {
        Client prev = current;
        current = c;
        return prev;
    }

    public void exitCommand(Client prev) {
        current = prev;
    }

    /** The client whose command is being processed, or null (cron, clock jumps). */
    public Client currentClient() {
        return current;
    }

    /**
     * Who changes a key right now, for BCAST's NOLOOP (Redis's signalModifiedKey argument): the
     * client of the innermost command called (a script's own client inside a script), else the
     * current client.
     */
    public Client modifier() {
        return calls.isEmpty() ? current : calls.get(calls.size() - 1).client;
    }

    public void enterCall(Ctx ctx) {
        calls.add(ctx);
    }

    /**
     * A command finished (Redis's call() epilogue): remember the keys a read-only command read,
     * and at the top level send the invalidations held back for the current client.
     */
    public void exitCall() {
        Ctx f = calls.remove(calls.size() - 1);
        if (f.spec.has(CommandFlags.READONLY)) {
            switch (f.spec.name) {
                // read-only scripts remember the keys their read commands declare, not their own
                case "eval_ro":
                case "evalsha_ro":
                case "fcall_ro":
                    break;
                default:
                    // A read inside a script makes Redis remember the keys the script's caller
                    // declared (EVAL's or FCALL's keys), for the caller.
                    Ctx caller = f.fromScript ? scriptCaller() : f;
                    if (caller != null && (caller.client.trackingFlags & (ON | BCAST)) == ON) {
                        rememberKeys(caller.client, caller.spec, caller.argv);
                    }
            }
        }
        if (calls.isEmpty()) flushPending();
    }

    /** The command that runs the script being executed (EVAL, FCALL...), or null. */
    private Ctx scriptCaller() {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (!calls.get(i).fromScript) return calls.get(i);
        }
        return null;
    }

    /** A handler failed unexpectedly: keep the nesting count right. */
    public void abortCall() {
        calls.remove(calls.size() - 1);
        if (calls.isEmpty()) pending.clear();
    }

    /** Redis's resetClient: CLIENT CACHING lasts for the next command (or transaction) only. */
    public void commandDone(Client c, CommandSpec spec) {
        if (!c.inMulti && (spec == null || !"client".equals(spec.container))) c.trackingFlags &= ~CACHING;
    }

    // --- enabling and disabling ---

    /** CLIENT TRACKING ON after its checks (Redis's enableTracking). */
    public void enable(Client c, long redirect, int options, List<byte[]> newPrefixes) {
        if ((c.trackingFlags & ON) == 0) trackingClients++;
        c.trackingFlags |= ON;
        c.trackingFlags &= ~(BROKEN_REDIR | BCAST | OPTIN | OPTOUT | NOLOOP);
        c.trackingRedirect = redirect;
        tablesCreated = true;
        if ((options & BCAST) != 0) {
            c.trackingFlags |= BCAST;
            if (newPrefixes.isEmpty()) addPrefix(c, new byte[0]);
            for (byte[] p : newPrefixes) addPrefix(c, p);
        }
        c.trackingFlags |= options & (OPTIN | OPTOUT | NOLOOP);
    }

    private void addPrefix(Client c, byte[] p) {
        ByteKey k = new ByteKey(p);
        Prefix px = prefixes.computeIfAbsent(k, x -> new Prefix());
        if (px.clients.add(c)) {
            if (c.trackingPrefixes == null) c.trackingPrefixes = new TreeSet<>();
            c.trackingPrefixes.add(k);
        }
    }

    /** CLIENT TRACKING OFF, RESET, disconnection (Redis's disableTracking). */
    public void disable(Client c) {
        if ((c.trackingFlags & BCAST) != 0 && c.trackingPrefixes != null) {
            for (ByteKey k : c.trackingPrefixes) {
                Prefix px = prefixes.get(k);
                if (px == null) continue;
                px.clients.remove(c);
                if (px.clients.isEmpty()) prefixes.remove(k);
            }
            c.trackingPrefixes = null;
        }
        if ((c.trackingFlags & ON) != 0) {
            trackingClients--;
            c.trackingFlags = 0;
        }
    }

    // --- remembering reads ---

    private void rememberKeys(Client c, CommandSpec spec, byte[][] argv) {
        // Shard channels are keys to cluster routing only: never tracked.
        if (spec.has(CommandFlags.PUBSUB)) return;
        int f = c.trackingFlags;
        boolean caching = (f & CACHING) != 0;
        if (((f & OPTIN) != 0 && !caching) || ((f & OPTOUT) != 0 && caching)) return;
        int[] keys = dev.emredis.internal.commands.KeyExtraction.trackedKeys(spec, argv);
        for (int pos : keys) {
            byte[] key = argv[pos];
            TreeSet<Long> ids = table.get(key);
            if (ids == null) {
                ids = new TreeSet<>(ID_ORDER);
                table.put(key, ids);
            }
            if (ids.add(c.id)) totalItems++;
        }
    }

    // --- invalidation ---

    /**
     * A key changed (Redis's trackingInvalidateKey from signalModifiedKey). {@code modifier} is the
     * client whose command changed it, null for expiry; {@code bcast} false when the key is only
     * dropped from the table (tracking-table-max-keys).
     */
    public void invalidateKey(byte[] key, Client modifier, boolean bcast) {
        if (!tablesCreated) return;
        if (bcast && !prefixes.isEmpty()) rememberForBroadcast(key, modifier);
        Dict.Entry<TreeSet<Long>> e = table.getEntry(key);
        if (e == null) return;
        TreeSet<Long> ids = e.value;
        for (Long id : ids) {
            Client target = server.clients().get(id);
            if (target == null || target.closed) continue;
            int f = target.trackingFlags;
            // Keys remembered before a switch to BCAST are not announced any more.
            if ((f & ON) == 0 || (f & BCAST) != 0) continue;
            if ((f & NOLOOP) != 0 && target == current) continue;
            if (target == current && !calls.isEmpty()) {
                pending.add(key);
            } else {
                send(target, key, null);
            }
        }
        totalItems -= ids.size();
        table.remove(key);
    }

    private void rememberForBroadcast(byte[] key, Client modifier) {
        ByteKey k = null;
        for (Map.Entry<ByteKey, Prefix> e : prefixes.entrySet()) {
            byte[] p = e.getKey().bytes;
            if (p.length > key.length || !startsWith(key, p)) continue;
            if (k == null) k = new ByteKey(key);
            e.getValue().keys.put(k, modifier);
        }
    }

    private static boolean startsWith(byte[] key, byte[] p) {
        for (int i = 0; i < p.length; i++) if (key[i] != p[i]) return false;
        return true;
    }

    /** FLUSHDB, FLUSHALL (once for all databases), DEBUG RELOAD: "everything changed". */
    public void invalidateAllOnFlush() {
        if (trackingClients > 0) {
            for (Client c : new ArrayList<>(server.clients().values())) {
                if (c.closed || (c.trackingFlags & ON) == 0) continue;
                if (c == current) pending.add(null);
                else send(c, null, nullFor(c));
            }
        }
        if (tablesCreated) {
            table.clear();
            totalItems = 0;
        }
    }

    private static byte[] nullFor(Client c) {
        return c.protocol() > 2 ? NULL3 : NULL2;
    }

    private void flushPending() {
        if (pending.isEmpty()) return;
        List<byte[]> keys = new ArrayList<>(pending);
        pending.clear();
        Client c = current;
        if (c == null || c.closed) return;
        for (byte[] key : keys) {
            if (key != null) send(c, key, null);
            else send(c, null, nullFor(c));
        }
    }

    /**
     * Delivers one invalidation for tracking client {@code c}: the single key, or {@code proto},
     * an already encoded payload (a BCAST key array, or the null of a flush).
     */
    private void send(Client c, byte[] key, byte[] proto) {
        Client target = c;
        boolean redirected = false;
        if (c.trackingRedirect != 0) {
            Client r = server.clients().get(c.trackingRedirect);
            if (r == null || r.closed) {
                c.trackingFlags |= BROKEN_REDIR;
                if (c.protocol() > 2) {
                    int start = c.out.size();
                    c.out.push(2);
                    c.out.bulk(REDIR_BROKEN);
                    c.out.integer(c.trackingRedirect);
                    c.pushWritten(start);
                    server.outputPending(c);
                }
                return;
            }
            target = r;
            redirected = true;
        }
        int start = target.out.size();
        if (target.protocol() > 2) {
            target.out.push(2);
            target.out.bulk(INVALIDATE);
        } else if (redirected && target.subscriptionCount() > 0) {
            // A RESP2 connection in pub/sub mode hears it as a message on __redis__:invalidate.
            target.out.push(3);
            target.out.bulk(MESSAGE);
            target.out.bulk(CHANNEL);
        } else {
            return; // RESP2 has no push messages on the tracking connection itself
        }
        if (proto != null) {
            target.out.raw(proto);
        } else {
            target.out.array(1);
            target.out.bulk(key);
        }
        target.pushWritten(start);
        server.outputPending(target);
    }

    // --- once per event loop iteration and at cron ---

    /** Redis's trackingBroadcastInvalidationMessages (beforeSleep): each prefix sends its keys. */
    public void broadcast() {
        if (!tablesCreated || trackingClients == 0 || prefixes.isEmpty()) return;
        for (Prefix px : new ArrayList<>(prefixes.values())) {
            if (px.keys.isEmpty()) continue;
            byte[] all = keyArray(px.keys, null);
            for (Client c : new ArrayList<>(px.clients)) {
                if ((c.trackingFlags & NOLOOP) != 0) {
                    byte[] own = keyArray(px.keys, c);
                    if (own != null) send(c, null, own);
                } else {
                    send(c, null, all);
                }
            }
            px.keys.clear();
        }
    }

    /** The keys as a RESP array, without those {@code skip} changed last; null if none is left. */
    private static byte[] keyArray(TreeMap<ByteKey, Client> keys, Client skip) {
        int n = 0;
        for (Client last : keys.values()) if (skip == null || last != skip) n++;
        if (n == 0) return null;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("*" + n + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<ByteKey, Client> e : keys.entrySet()) {
            if (skip != null && e.getValue() == skip) continue;
            byte[] k = e.getKey().bytes;
            b.writeBytes(("$" + k.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(k);
            b.writeBytes(new byte[] {'\r', '\n'});
        }
        return b.toByteArray();
    }

    /**
     * Redis's trackingLimitUsedSlots (before each command and at cron while clients track): over
     * {@code tracking-table-max-keys}, random keys are invalidated (not broadcast) until under it,
     * with an effort of 100 keys per consecutive call over the limit.
     */
    public void limitUsedSlots() {
        if (!tablesCreated || trackingClients == 0) return;
        long max = server.config().longOf(maxKeys);
        if (max == 0) return;
        if (table.size() <= max) {
            limitRounds = 0;
            return;
        }
        int effort = 100 * (limitRounds + 1);
        while (effort-- > 0) {
            Dict.Entry<TreeSet<Long>> e = table.randomEntry(server.random());
            if (e == null) break;
            invalidateKey(e.key, null, false);
            if (table.size() <= max) {
                limitRounds = 0;
                return;
            }
        }
        limitRounds++;
    }
}

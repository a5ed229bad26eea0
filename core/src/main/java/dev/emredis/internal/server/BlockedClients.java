package dev.emredis.internal.server;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Clients parked by a blocking command. A blocked client reads no further commands; it is
 * released by {@link #unblock} (the command was served), by its timeout on the virtual clock
 * (checked at cron and whenever the clock jumps, as Redis's blockedBeforeSleep/clientsCron do),
 * by CLIENT UNBLOCK or by disconnecting.
 *
 * <p>Clients blocked on keys (BLPOP, BZPOPMIN, XREAD BLOCK...) wait in a FIFO per key. A write
 * that could serve them marks the key ready ({@link #signalReady}, Redis's signalKeyAsReady:
 * creating a key, or touching a stream); after the top-level command that did it (a whole
 * MULTI/EXEC or script included) {@link #handleReadyKeys} serves the waiters of each ready key
 * in the order they blocked, as Redis's handleClientsBlockedOnKeys does.
 */
public final class BlockedClients implements ServerListener {
    /** What happens when a blocked client's time is up. */
    public interface Timeout {
        void expired(Client c);
    }

    /** What a client blocked on keys waits for, and how it is served. */
    public interface KeyWaiter {
        /** The value type that can serve this client (Redis's btype): "list", "zset" or "stream". */
        String type();

        /**
         * The key is ready and holds a value of {@link #type()}: write the reply and return true
         * to be unblocked, or return false to keep waiting (a stream with nothing new).
         */
        boolean serve(byte[] key, RedisObject value);

        /**
         * The ready key is gone or holds another type now. Return true (after writing a reply)
         * to give up waiting, as XREADGROUP does; others keep waiting.
         */
        default boolean keyGone(byte[] key) {
            return false;
        }

        /** The reply when the timeout expires or CLIENT UNBLOCK TIMEOUT is used. */
        void timedOut(Client c);
    }

    private static final class Entry {
        final long deadlineMillis;
        final Timeout onTimeout;
        final Database db;
        final List<ByteKey> keys;
        final KeyWaiter waiter;

        Entry(long deadlineMillis, Timeout onTimeout, Database db, List<ByteKey> keys, KeyWaiter waiter) {
            this.deadlineMillis = deadlineMillis;
            this.onTimeout = onTimeout;
            this.db = db;
            this.keys = keys;
            this.waiter = waiter;
        }
    }

    private record ReadyKey(Database db, ByteKey key) { }

    private final Server server;
    private final Map<Client, Entry> blocked = new LinkedHashMap<>();
    /** Per database, the clients waiting on each key, in the order they blocked. */
    private final Map<Database, Map<ByteKey, LinkedHashSet<Client>>> waiting = new HashMap<>();
    private final Map<String, Integer> waitersByType = new HashMap<>();
    private LinkedHashSet<ReadyKey> ready = new LinkedHashSet<>();

    BlockedClients(Server server) {
        this.server = server;
    }

    /** Parks the client; {@code deadlineMillis} 0 waits forever. */
    public void block(Client c, long deadlineMillis, Timeout onTimeout) {
        c.blocked = true;
        blocked.put(c, new Entry(deadlineMillis, onTimeout, null, List.of(), null));
    }

    /**
     * Parks the client on keys of a database until a write serves it (see {@link KeyWaiter}) or
     * {@code deadlineMillis} passes (0: never). A key named twice counts once.
     */
    public void blockOnKeys(Client c, Database db, byte[][] keys, long deadlineMillis, KeyWaiter waiter) {
        List<ByteKey> distinct = new ArrayList<>();
        Map<ByteKey, LinkedHashSet<Client>> perKey = waiting.computeIfAbsent(db, d -> new HashMap<>());
        for (byte[] k : keys) {
            ByteKey bk = new ByteKey(k);
            if (distinct.contains(bk)) continue;
            distinct.add(bk);
            perKey.computeIfAbsent(bk, x -> new LinkedHashSet<>()).add(c);
        }
        c.blocked = true;
        blocked.put(c, new Entry(deadlineMillis, waiter::timedOut, db, distinct, waiter));
        waitersByType.merge(waiter.type(), 1, Integer::sum);
    }

    /** Releases a client whose reply has been written; it goes on with what it had pipelined. */
    public void unblock(Client c) {
        if (!forget(c)) return;
        c.blocked = false;
        EventLoop loop = server.loop();
        if (loop != null) loop.execute(() -> loop.unblocked(c));
    }

    private boolean forget(Client c) {
        Entry e = blocked.remove(c);
        if (e == null) return false;
        if (e.waiter != null) {
            waitersByType.merge(e.waiter.type(), -1, Integer::sum);
            Map<ByteKey, LinkedHashSet<Client>> perKey = waiting.get(e.db);
            for (ByteKey k : e.keys) {
                LinkedHashSet<Client> clients = perKey.get(k);
                if (clients == null) continue;
                clients.remove(c);
                if (clients.isEmpty()) perKey.remove(k);
            }
        }
        return true;
    }

    public boolean isBlocked(Client c) {
        return blocked.containsKey(c);
    }

    /** Clients blocked on keys, with the first key each waits for (cluster redirection of blocked clients). */
    public java.util.Map<Client, byte[]> blockedOnKeys() {
        java.util.Map<Client, byte[]> m = new java.util.LinkedHashMap<>();
        blocked.forEach((c, e) -> {
            if (e.keys != null && !e.keys.isEmpty()) m.put(c, e.keys.get(0).bytes);
        });
        return m;
    }

    /**
     * CLIENT UNBLOCK: answers the blocked command as if it timed out, or with the given error;
     * false when the client is not blocked.
     */
    public boolean forceUnblock(Client c, String error) {
        Entry e = blocked.get(c);
        if (e == null) return false;
        if (error != null) c.out.error(error);
        else e.onTimeout.expired(c);
        server.outputPending(c);
        unblock(c);
        return true;
    }

    public int count() {
        return blocked.size();
    }

    /** Blocked clients with a deadline (INFO's clients_in_timeout_table). */
    public int countWithTimeout() {
        int n = 0;
        for (Entry e : blocked.values()) if (e.deadlineMillis != 0) n++;
        return n;
    }

    /**
     * Redis's signalKeyAsReady: a key now holds a value of {@code type} (it was created, or a
     * stream changed or went away). Only keys someone waits on by that type are queued.
     */
    public void signalReady(Database db, byte[] key, String type) {
        Integer n = waitersByType.get(type);
        if (n == null || n == 0) return;
        Map<ByteKey, LinkedHashSet<Client>> perKey = waiting.get(db);
        if (perKey == null) return;
        ByteKey bk = new ByteKey(key);
        if (!perKey.containsKey(bk)) return;
        ready.add(new ReadyKey(db, bk));
    }

    /** Redis's scanDatabaseForReadyKeys (SWAPDB): every awaited key that exists is ready. */
    public void signalExistingKeys(Database db) {
        Map<ByteKey, LinkedHashSet<Client>> perKey = waiting.get(db);
        if (perKey == null) return;
        for (ByteKey k : new ArrayList<>(perKey.keySet())) {
            RedisObject o = db.peek(k.bytes);
            if (o != null) signalReady(db, k.bytes, o.type());
        }
    }

    /**
     * Redis's scanDatabaseForDeletedStreams (FLUSHDB/FLUSHALL/SWAPDB): awaited keys that were
     * streams before the change and are not now are ready, so XREADGROUP waiters give up.
     */
    public void signalStreamsGone(Database db, java.util.function.Predicate<byte[]> wasStream) {
        Map<ByteKey, LinkedHashSet<Client>> perKey = waiting.get(db);
        if (perKey == null) return;
        for (ByteKey k : new ArrayList<>(perKey.keySet())) {
            RedisObject now = db.peek(k.bytes);
            boolean isStream = now != null && now.type().equals("stream");
            if (wasStream.test(k.bytes) && !isStream) signalReady(db, k.bytes, "stream");
        }
    }

    /** The awaited keys of a database (for the FLUSH/SWAPDB scans, taken before the change). */
    public List<byte[]> awaitedKeys(Database db) {
        Map<ByteKey, LinkedHashSet<Client>> perKey = waiting.get(db);
        List<byte[]> keys = new ArrayList<>();
        if (perKey != null) for (ByteKey k : perKey.keySet()) keys.add(k.bytes);
        return keys;
    }

    /**
     * Serves the clients waiting on keys made ready since the last call, key by key in the order
     * they became ready, and each key's waiters in the order they blocked. Serving may make more
     * keys ready (BLMOVE pushes), which are served in turn.
     */
    public void handleReadyKeys() {
        while (!ready.isEmpty()) {
            LinkedHashSet<ReadyKey> batch = ready;
            ready = new LinkedHashSet<>();
            for (ReadyKey rk : batch) serveKey(rk);
        }
    }

    private void serveKey(ReadyKey rk) {
        byte[] key = rk.key().bytes;
        Map<ByteKey, LinkedHashSet<Client>> perKey = waiting.get(rk.db());
        LinkedHashSet<Client> clients = perKey == null ? null : perKey.get(rk.key());
        if (clients == null) return;
        RedisObject o = rk.db().peek(key);
        String type = o == null ? null : o.type();
        if (o != null) {
            for (Client receiver : new ArrayList<>(clients)) {
                Entry e = blocked.get(receiver);
                if (e == null || e.waiter == null || !e.waiter.type().equals(type)) continue;
                RedisObject now = rk.db().peek(key);
                // a list or sorted set emptied (and deleted) by the previous waiter serves no one else
                if (now == null || !now.type().equals(type)) break;
                if (e.waiter.serve(key, now)) {
                    server.outputPending(receiver);
                    unblock(receiver);
                }
            }
        }
        if (!"stream".equals(type)) {
            LinkedHashSet<Client> left = perKey.get(rk.key());
            if (left == null) return;
            for (Client receiver : new ArrayList<>(left)) {
                Entry e = blocked.get(receiver);
                if (e == null || e.waiter == null || !e.waiter.type().equals("stream")) continue;
                if (e.waiter.keyGone(key)) {
                    server.outputPending(receiver);
                    unblock(receiver);
                }
            }
        }
    }

    @Override
    public void cron() {
        if (!ready.isEmpty()) handleReadyKeys();
        if (blocked.isEmpty()) return;
        long now = server.clock().millis();
        List<Client> due = new ArrayList<>();
        for (Map.Entry<Client, Entry> e : blocked.entrySet()) {
            long d = e.getValue().deadlineMillis;
            // Redis times a client out once its deadline is in the past (timeout < now)
            if (d != 0 && d < now) due.add(e.getKey());
        }
        for (Client c : due) {
            Entry e = blocked.get(c);
            if (e == null) continue;
            e.onTimeout.expired(c);
            server.outputPending(c);
            unblock(c);
        }
    }

    @Override
    public void clientClosed(Client c) {
        forget(c);
    }
}

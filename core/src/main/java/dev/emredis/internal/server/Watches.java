package dev.emredis.internal.server;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.server.Client.WatchedKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * WATCH bookkeeping with Redis 7.0's rules (multi.c): each watched key remembers whether it was
 * already logically expired when watched; such a key aborts EXEC only after a real change, while
 * a key that expires after WATCH aborts it. A touched client is marked dirty and stops watching.
 */
public final class Watches {
    private Watches() {}

    /** WATCH of one key in the client's selected db; a key already watched there is ignored. */
    public static void watch(Server s, Client c, byte[] key) {
        ByteKey k = new ByteKey(key);
        for (WatchedKey w : c.watched) {
            if (w.db == c.db && w.key.equals(k)) return;
        }
        Database db = s.db(c.db);
        WatchedKey w = new WatchedKey(c.db, k, c, db.isLogicallyExpired(key));
        c.watched.add(w);
        db.watchers.computeIfAbsent(k, x -> new ArrayList<>()).add(w);
    }

    /** Drops every watch of the client; its dirty flag is the caller's business (as in Redis). */
    public static void unwatchAll(Server s, Client c) {
        if (c.watched.isEmpty()) return;
        for (WatchedKey w : c.watched) {
            Map<ByteKey, List<WatchedKey>> m = s.db(w.db).watchers;
            List<WatchedKey> l = m.get(w.key);
            if (l == null) continue;
            l.remove(w);
            if (l.isEmpty()) m.remove(w.key);
        }
        c.watched.clear();
    }

    /** EXEC: true if a watched key that was alive at WATCH time has expired since. */
    public static boolean anyExpired(Server s, Client c) {
        for (WatchedKey w : c.watched) {
            if (w.expired) continue;
            if (s.db(w.db).isLogicallyExpired(w.key.bytes)) return true;
        }
        return false;
    }

    /** A key was modified (Redis's touchWatchedKey). */
    public static void touchKey(Server s, Database db, byte[] key) {
        if (db.watchers.isEmpty()) return;
        List<WatchedKey> l = db.watchers.get(new ByteKey(key));
        if (l == null) return;
        for (WatchedKey w : new ArrayList<>(l)) {
            if (w.expired) {
                if (!db.keys.containsKey(key)) {
                    // The expired key is now deleted: logically nothing changed.
                    w.expired = false;
                    continue;
                }
                // Redis 7.0.15 stops scanning the watchers of this key here.
                break;
            }
            w.client.watchDirty = true;
            unwatchAll(s, w.client);
        }
    }

    /**
     * FLUSHDB/FLUSHALL ({@code replacedWith} null) and SWAPDB: called while {@code emptied} still
     * holds its keys. A watch is touched if the key exists on either side, except for expired keys
     * that stay expired or vanish (Redis's touchAllWatchedKeysInDb).
     */
    public static void touchAllInDb(Database emptied, Database replacedWith) {
        if (emptied.watchers.isEmpty()) return;
        for (Map.Entry<ByteKey, List<WatchedKey>> e : emptied.watchers.entrySet()) {
            byte[] key = e.getKey().bytes;
            boolean inEmptied = emptied.keys.containsKey(key);
            boolean inReplacement = replacedWith != null && replacedWith.keys.containsKey(key);
            if (!inEmptied && !inReplacement) continue;
            for (WatchedKey w : e.getValue()) {
                if (w.expired) {
                    if (!inReplacement) {
                        w.expired = false;
                        continue;
                    } else if (replacedWith.isLogicallyExpired(key)) {
                        continue;
                    }
                } else if (!inEmptied && replacedWith.isLogicallyExpired(key)) {
                    w.expired = true;
                    continue;
                }
                w.client.watchDirty = true;
            }
        }
    }
}

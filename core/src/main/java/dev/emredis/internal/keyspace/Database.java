package dev.emredis.internal.keyspace;

import dev.emredis.internal.server.ByteKey;
import dev.emredis.internal.server.Client;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.Tracking;
import dev.emredis.internal.server.Watches;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One numbered database: keys, their expire times, and the WATCH index. Expired keys are removed
 * lazily on access and actively by {@link #activeExpire}; both fire {@code expired} like Redis.
 * Expire times (ms on the virtual clock) live in the key's dict entry ({@code aux}, 0 = none);
 * {@link #volatileKeys} mirrors the keys that have one so they can be sampled.
 */
public final class Database {
    public final int id;
    private final Server server;
    public Dict<RedisObject> keys = new Dict<>();
    public Dict<Boolean> volatileKeys = new Dict<>();
    /** WATCH: key to the clients watching it in this db. */
    public final Map<ByteKey, List<Client.WatchedKey>> watchers = new HashMap<>();
    /** Average TTL estimate reported by INFO keyspace (avg_ttl). */
    public long avgTtl;

    public Database(int id, Server server) {
        this.id = id;
        this.server = server;
    }

    public int size() {
        return keys.size();
    }

    public int expiresCount() {
        return volatileKeys.size();
    }

    private long now() {
        return server.clock().millis();
    }

    /** The time key expiry is judged by: a running script's start time, else the clock. */
    private long expiryNow() {
        long snapshot = server.scriptTimeSnapshot;
        return snapshot >= 0 ? snapshot : server.clock().millis();
    }

    /** Looks up without touching statistics or access time; expired keys are deleted first. */
    public RedisObject peek(byte[] key) {
        Dict.Entry<RedisObject> e = keys.getEntry(key);
        if (e == null) return null;
        if (e.aux != 0 && e.aux < expiryNow()) { // Redis: expired only once now > when
            // the master deletes it, not us; its own commands (its DEL) still see the key
            if (server.replication.isReplica()) return server.applyingMasterStream ? e.value : null;
            expireNow(key);
            return null;
        }
        return e.value;
    }

    /** Looks up for reading: counts keyspace hits/misses and updates the access time. */
    public RedisObject lookupRead(byte[] key, Client c) {
        RedisObject o = peek(key);
        if (o == null) {
            server.stats().keyspaceMisses++;
            // Redis 7.0 reports read misses as "keymiss" (class 'm', not part of 'A').
            server.notifications().notify(Notifications.KEY_MISS, "keymiss", key, id);
            return null;
        }
        server.stats().keyspaceHits++;
        if (c == null || !c.noTouch) touch(o);
        return o;
    }

    /**
     * Redis's lookupKeyReadWithFlags(LOOKUP_NOTOUCH) as TYPE, EXISTS and TTL use it: statistics and
     * "keymiss" (unless {@code notify} is false, as for OBJECT), but no access-time update.
     */
    public RedisObject lookupReadNoTouch(byte[] key, boolean notify) {
        RedisObject o = peek(key);
        if (o == null) {
            server.stats().keyspaceMisses++;
            if (notify) server.notifications().notify(Notifications.KEY_MISS, "keymiss", key, id);
            return null;
        }
        server.stats().keyspaceHits++;
        return o;
    }

    /** Looks up for writing: expired keys are removed, no hit/miss statistics. */
    public RedisObject lookupWrite(byte[] key) {
        RedisObject o = peek(key);
        if (o != null) touch(o);
        return o;
    }

    /** An access by a command: LRU clock, or the LFU counter under an LFU policy (Redis's lookupKey). */
    public void touch(RedisObject o) {
        if (server.lfuPolicy) dev.emredis.internal.server.Lfu.access(server, o);
        else o.lastAccess = now();
    }

    public boolean exists(byte[] key) {
        return peek(key) != null;
    }

    /** Sets a key to a new value, dropping any TTL (Redis's setKey without KEEPTTL). */
    public void put(byte[] key, RedisObject value) {
        put(key, value, false);
    }

    public void put(byte[] key, RedisObject value, boolean keepTtl) {
        value.lastAccess = now();
        int before = keys.size();
        Dict.Entry<RedisObject> e = keys.put(key, value);
        RedisObject old = keys.replaced();
        if (old != null && old != value) {
            server.memory.removed(old);
            // Redis's dbSetValue: under LFU an overwritten key keeps its access frequency
            if (server.lfuPolicy) {
                value.lfuCounter = old.lfuCounter;
                value.lastAccess = old.lastAccess;
            }
        }
        // Redis 7.0's dbAdd announces every created key as "new" (class 'n', not part of 'A')
        // and wakes clients blocked on it; overwriting a stream wakes its XREADGROUP waiters.
        if (keys.size() != before) {
            server.notifications().notify(Notifications.NEW, "new", key, id);
            server.blocked.signalReady(this, key, value.type());
        } else if (old != null && old.type().equals("stream")) {
            server.blocked.signalReady(this, key, "stream");
        }
        if (!keepTtl && e.aux != 0) {
            e.aux = 0;
            volatileKeys.remove(key);
        }
        signalModified(key);
    }

    /** Adds a key known to be absent (after lookupWrite returned null). */
    public void add(byte[] key, RedisObject value) {
        put(key, value, false);
    }

    /** Removes a key; true if it existed (and was not already expired). */
    public boolean delete(byte[] key) {
        return delete(key, true);
    }

    /**
     * Removes a key; {@code byClient} false when the server does it on its own (eviction), which
     * Redis signals without a client (see {@link #signalModified(byte[], boolean)}).
     */
    public boolean delete(byte[] key, boolean byClient) {
        if (peek(key) == null) return false;
        removeEntry(key);
        signalModified(key, byClient);
        return true;
    }

    private void removeEntry(byte[] key) {
        Dict.Entry<RedisObject> e = keys.remove(key);
        if (e == null) return;
        server.memory.removed(e.value);
        if (e.aux != 0) volatileKeys.remove(key);
        // a deleted stream wakes its XREADGROUP waiters, who then give up (dbGenericDelete)
        if (e.value.type().equals("stream")) server.blocked.signalReady(this, key, "stream");
    }

    /** Expire time in ms on the virtual clock, or -1 if the key has none (or is missing). */
    public long expireAt(byte[] key) {
        Dict.Entry<RedisObject> e = keys.getEntry(key);
        return e == null || e.aux == 0 ? -1 : e.aux;
    }

    /** Sets the expire time of an existing key. */
    public void setExpire(byte[] key, long atMillis) {
        Dict.Entry<RedisObject> e = keys.getEntry(key);
        if (e == null) return;
        if (e.aux == 0) volatileKeys.put(e.key, Boolean.TRUE);
        e.aux = Math.max(atMillis, 1);
        signalModified(key);
    }

    /** Removes the TTL; true if there was one. */
    public boolean persist(byte[] key) {
        Dict.Entry<RedisObject> e = keys.getEntry(key);
        if (e == null || e.aux == 0) return false;
        e.aux = 0;
        volatileKeys.remove(key);
        signalModified(key);
        return true;
    }

    /** Deletes a key whose time has come: stats, the {@code expired} event, WATCH. */
    private void expireNow(byte[] key) {
        removeEntry(key);
        server.stats().expiredKeys++;
        server.notifications().notify(Notifications.EXPIRED, "expired", key, id);
        // Redis signals an expiry with no client (BCAST's NOLOOP then announces it to everyone).
        signalModified(key, false);
        server.keyExpired(this, key);
    }

    /** True if the key exists but its time has passed (used by EXEC for watched keys). */
    public boolean isLogicallyExpired(byte[] key) {
        Dict.Entry<RedisObject> e = keys.getEntry(key);
        return e != null && e.aux != 0 && e.aux < expiryNow();
    }

    /**
     * Active expiry. With {@code full} every volatile key is checked (used when the virtual clock
     * jumps, so a test sees keys vanish at once); otherwise Redis's sampling loop: 20 keys at a time,
     * repeat while more than a quarter of a sample was expired.
     */
    public int activeExpire(boolean full) {
        if (volatileKeys.isEmpty()) return 0;
        long now = expiryNow();
        int expired = 0;
        if (full) {
            List<byte[]> due = new ArrayList<>();
            volatileKeys.forEach((k, v) -> {
                Dict.Entry<RedisObject> e = keys.getEntry(k);
                if (e != null && e.aux < now) due.add(k);
            });
            for (byte[] k : due) {
                expireNow(k);
                expired++;
            }
            return expired;
        }
        for (int round = 0; round < 16 && !volatileKeys.isEmpty(); round++) {
            int sampled = 0;
            int found = 0;
            for (int i = 0; i < 20 && !volatileKeys.isEmpty(); i++) {
                Dict.Entry<Boolean> v = volatileKeys.randomEntry(server.random());
                sampled++;
                Dict.Entry<RedisObject> e = keys.getEntry(v.key);
                if (e != null && e.aux < now) {
                    expireNow(v.key);
                    found++;
                }
            }
            expired += found;
            if (found * 4 <= sampled) break;
        }
        return expired;
    }

    /** Every write to a key ends here: WATCH, client tracking and blocked clients hear of it. */
    public void signalModified(byte[] key) {
        signalModified(key, true);
    }

    /**
     * Redis's signalModifiedKey. {@code byClient} is false when no client's command made the
     * change: expiry, and eviction (Redis passes no client there either), so that BCAST+NOLOOP
     * clients still hear of their own keys going away.
     */
    public void signalModified(byte[] key, boolean byClient) {
        server.dirty++;
        server.memory.modified(this, key);
        if (!watchers.isEmpty()) Watches.touchKey(server, this, key);
        Tracking t = server.tracking;
        t.invalidateKey(key, byClient ? t.modifier() : null, true);
        server.keyModified(this, key);
    }

    /** FLUSHDB: watchers of keys present before the flush are touched, as Redis does. */
    public int flush() {
        int n = keys.size();
        Watches.touchAllInDb(this, null);
        java.util.Set<dev.emredis.internal.server.ByteKey> streams = awaitedStreams();
        if (server.memory.tracking()) keys.forEachEntry(e -> server.memory.removed(e.value));
        keys.clear();
        volatileKeys.clear();
        avgTtl = 0;
        server.dirty += n;
        server.databaseFlushed(this);
        if (!streams.isEmpty()) server.blocked.signalStreamsGone(this, k -> streams.contains(new dev.emredis.internal.server.ByteKey(k)));
        return n;
    }

    /** The keys blocked clients wait on that hold streams now (before a flush or swap). */
    public java.util.Set<dev.emredis.internal.server.ByteKey> awaitedStreams() {
        java.util.Set<dev.emredis.internal.server.ByteKey> out = new java.util.HashSet<>();
        for (byte[] k : server.blocked.awaitedKeys(this)) {
            RedisObject o = keys.get(k);
            if (o != null && o.type().equals("stream")) out.add(new dev.emredis.internal.server.ByteKey(k));
        }
        return out;
    }
}

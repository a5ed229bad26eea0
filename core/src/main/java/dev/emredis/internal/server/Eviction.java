package dev.emredis.internal.server;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Dict;
import dev.emredis.internal.keyspace.RedisObject;

/**
 * maxmemory eviction as Redis's evict.c does it: before a command runs, while used memory is over
 * the limit, pick a key by the policy and delete it ({@code evicted} event, evicted_keys). LRU, LFU
 * and TTL policies keep Redis's approximation: each round samples {@code maxmemory-samples} keys
 * per database into a pool of the 16 best candidates kept across rounds, then evict the best one
 * that still exists. Random policies take a random key from the next database in turn.
 */
public final class Eviction {
    /** EVPOOL_SIZE. */
    private static final int POOL_SIZE = 16;
    /** LFU_INIT_VAL: the counter of a new key, so it is not evicted at once. */
    public static final int LFU_INIT = 5;

    private final Server server;
    /** Candidates ordered by ascending idle score; the best candidate is the last. */
    private final long[] poolIdle = new long[POOL_SIZE];
    private final byte[][] poolKey = new byte[POOL_SIZE][];
    private final int[] poolDb = new int[POOL_SIZE];
    private int poolSize;
    /** Where the random policies look next (Redis's static next_db). */
    private int nextDb;

    Eviction(Server server) {
        this.server = server;
    }

    /**
     * Redis's performEvictions: true when memory is (now) within the limit or there is no limit,
     * false when it is over and nothing more can be evicted (EVICT_FAIL).
     */
    public boolean perform() {
        long max = server.maxmemory;
        if (max <= 0) return true;
        // isSafeToPerformEvictions: a replica leaves memory to its master unless told otherwise
        if (server.replication != null && server.replication.isReplica()
                && server.config().getBool("replica-ignore-maxmemory")) {
            return true;
        }
        MemoryTracker memory = server.memory;
        if (memory.used() <= max) return true;
        String policy = server.config().get("maxmemory-policy");
        if (policy.equals("noeviction")) return false;
        boolean allKeys = policy.startsWith("allkeys");
        while (memory.used() > max) {
            int[] db = new int[1];
            byte[] key = policy.endsWith("random") ? randomKey(allKeys, db) : poolKey(policy, allKeys, db);
            if (key == null) return false;
            evict(server.db(db[0]), key);
        }
        return true;
    }

    private void evict(Database db, byte[] key) {
        // evicted keys are deleted like DEL but announced as "evicted" (class 'e'); no client did it
        // (client tracking: even a BCAST+NOLOOP client whose command triggered it is told)
        db.delete(key, false);
        server.replicaFeed.propagate(db.id, "DEL".getBytes(java.nio.charset.StandardCharsets.US_ASCII), key);
        server.stats().evictedKeys++;
        server.notifications().notify(dev.emredis.internal.keyspace.Notifications.EVICTED, "evicted", key, db.id);
    }

    private byte[] randomKey(boolean allKeys, int[] dbOut) {
        Database[] dbs = server.dbs();
        for (int i = 0; i < dbs.length; i++) {
            nextDb = (nextDb + 1) % dbs.length;
            Database db = dbs[nextDb];
            Dict<?> dict = allKeys ? db.keys : db.volatileKeys;
            if (dict.isEmpty()) continue;
            dbOut[0] = db.id;
            return dict.randomEntry(server.random()).key;
        }
        return null;
    }

    private byte[] poolKey(String policy, boolean allKeys, int[] dbOut) {
        Database[] dbs = server.dbs();
        while (true) {
            long total = 0;
            for (Database db : dbs) {
                Dict<?> dict = allKeys ? db.keys : db.volatileKeys;
                if (dict.isEmpty()) continue;
                total += dict.size();
                populate(policy, db, dict);
            }
            if (total == 0) return null;
            // the best candidate that still exists; stale entries (deleted meanwhile) are dropped
            for (int k = poolSize - 1; k >= 0; k--) {
                byte[] key = poolKey[k];
                Database db = dbs[poolDb[k]];
                removeAt(k);
                Dict<?> dict = allKeys ? db.keys : db.volatileKeys;
                if (dict.getEntry(key) != null) {
                    dbOut[0] = db.id;
                    return key;
                }
            }
        }
    }

    /** evictionPoolPopulate: sample keys of one db and keep the 16 with the highest idle score. */
    private void populate(String policy, Database db, Dict<?> dict) {
        int samples = (int) server.config().getLong("maxmemory-samples");
        long now = server.clock().millis();
        java.util.List<byte[]> picked = new java.util.ArrayList<>(samples);
        if (dict.size() <= samples) {
            // dictGetSomeKeys returns the whole dict when it is no larger than the sample
            dict.forEachEntry(x -> picked.add(x.key));
        } else {
            for (int i = 0; i < samples; i++) picked.add(dict.randomEntry(server.random()).key);
        }
        for (byte[] k : picked) {
            Dict.Entry<RedisObject> e = db.keys.getEntry(k);
            if (e == null) continue;
            long idle;
            if (policy.endsWith("lru")) {
                idle = now - e.value.lastAccess;
            } else if (policy.endsWith("lfu")) {
                idle = 255 - Lfu.decayed(server, e.value);
            } else {
                idle = Long.MAX_VALUE - e.aux; // volatile-ttl: the sooner it expires, the better
            }
            insert(idle, e.key, db.id);
        }
    }

    private void insert(long idle, byte[] key, int dbid) {
        for (int k = 0; k < poolSize; k++) {
            if (poolDb[k] == dbid && java.util.Arrays.equals(poolKey[k], key)) return;
        }
        int k = 0;
        while (k < poolSize && poolIdle[k] < idle) k++;
        if (k == 0 && poolSize == POOL_SIZE) return; // worse than everything in a full pool
        if (poolSize < POOL_SIZE) {
            System.arraycopy(poolIdle, k, poolIdle, k + 1, poolSize - k);
            System.arraycopy(poolKey, k, poolKey, k + 1, poolSize - k);
            System.arraycopy(poolDb, k, poolDb, k + 1, poolSize - k);
            poolSize++;
        } else {
            // full: drop the worst (first) element, insert just before position k
            k--;
            System.arraycopy(poolIdle, 1, poolIdle, 0, k);
            System.arraycopy(poolKey, 1, poolKey, 0, k);
            System.arraycopy(poolDb, 1, poolDb, 0, k);
        }
        poolIdle[k] = idle;
        poolKey[k] = key;
        poolDb[k] = dbid;
    }

    private void removeAt(int k) {
        System.arraycopy(poolIdle, k + 1, poolIdle, k, poolSize - k - 1);
        System.arraycopy(poolKey, k + 1, poolKey, k, poolSize - k - 1);
        System.arraycopy(poolDb, k + 1, poolDb, k, poolSize - k - 1);
        poolSize--;
        poolKey[poolSize] = null;
    }

    /** Forget candidates (FLUSHALL, SWAPDB): they are only hints, but stale ones waste rounds. */
    public void clearPool() {
        while (poolSize > 0) removeAt(poolSize - 1);
    }
}

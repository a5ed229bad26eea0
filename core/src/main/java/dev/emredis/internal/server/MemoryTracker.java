package dev.emredis.internal.server;

import dev.emredis.internal.commands.MemoryCommands;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Dict;
import dev.emredis.internal.keyspace.RedisObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The emulator's {@code used_memory}: a fixed startup figure, per-client buffers, the main and
 * expires dict tables, and for every key what MEMORY USAGE estimates (key, entry and value) plus its
 * expires entry. Redis reads its allocator's counter; the emulator adds the same pieces up, so the
 * figure moves like Redis's as keys come and go (within 2x for the same data).
 *
 * <p>While {@code maxmemory} is set the total is kept incrementally, because eviction reads it
 * before every command: each value remembers the size it was counted with, a write marks its key
 * dirty, and dirty keys are re-measured the next time the total is read. Without a limit nothing is
 * tracked and INFO adds everything up when asked.
 */
public final class MemoryTracker {
    /** used_memory of a fresh Redis 7.0.15 (914,576 with one client connected), less that client. */
    public static final long STARTUP = 891_840;
    /** Per connected client (client struct, query buffer, reply buffer). */
    public static final long PER_CLIENT = 22_736;
    /** Aggregates are measured as MEMORY USAGE's default does: from a sample of 5 elements. */
    private static final long SAMPLES = 5;

    private final Server server;
    private boolean tracking;
    /** Sum of the counted sizes of all values (while tracking). */
    private long data;
    /** Keys written since they were last measured, per database number. */
    private final Map<Dirty, Boolean> dirty = new LinkedHashMap<>();

    private record Dirty(Database db, ByteKey key) { }

    MemoryTracker(Server server) {
        this.server = server;
    }

    /** The current used_memory figure. */
    public long used() {
        long total = overhead();
        if (tracking) {
            sync();
            return total + data;
        }
        for (Database db : server.dbs()) {
            long[] sum = {0};
            db.keys.forEachEntry(e -> sum[0] += measure(e));
            total += sum[0];
        }
        return total;
    }

    /** used_memory_overhead: startup, clients and the dict tables, without keys and values. */
    public long overhead() {
        long total = STARTUP + (long) server.clients().size() * PER_CLIENT;
        for (Database db : server.dbs()) {
            total += tableBytes(db.keys.size()) + tableBytes(db.expiresCount());
        }
        return total;
    }

    /** Starts or stops incremental tracking (maxmemory set or cleared). */
    public void setTracking(boolean on) {
        if (on == tracking) return;
        tracking = on;
        dirty.clear();
        data = 0;
        if (!on) return;
        for (Database db : server.dbs()) {
            db.keys.forEachEntry(e -> {
                long size = measure(e);
                e.value.countedMemory = size;
                data += size;
            });
        }
    }

    public boolean tracking() {
        return tracking;
    }

    /** A key's value changed or was created: measure it again before the total is next read. */
    public void modified(Database db, byte[] key) {
        if (tracking) dirty.put(new Dirty(db, new ByteKey(key)), Boolean.TRUE);
    }

    /** A value left the keyspace (deleted, replaced, expired, evicted, flushed). */
    public void removed(RedisObject value) {
        if (!tracking) return;
        data -= value.countedMemory;
        value.countedMemory = 0;
    }

    /** Re-measures the keys written since the last read. */
    public void sync() {
        if (dirty.isEmpty()) return;
        for (Dirty d : dirty.keySet()) {
            Dict.Entry<RedisObject> e = d.db.keys.getEntry(d.key.bytes);
            if (e == null) continue;
            long size = measure(e);
            data += size - e.value.countedMemory;
            e.value.countedMemory = size;
        }
        dirty.clear();
    }

    private static long measure(Dict.Entry<RedisObject> e) {
        long size = MemoryCommands.keyUsage(e.key, e.value, SAMPLES);
        // a volatile key also has an entry in the expires dict
        if (e.aux != 0) size += 24;
        return size;
    }

    /** A dict's bucket table: 8 bytes per slot, slots a power of two at least the size (min 4). */
    private static long tableBytes(long size) {
        if (size == 0) return 0;
        long slots = 4;
        while (slots < size) slots <<= 1;
        return slots * 8;
    }
}

package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Dict;
import dev.emredis.internal.keyspace.MemorySizes;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.server.Server;
import java.nio.charset.StandardCharsets;

/**
 * MEMORY: sizes are estimated the way Redis computes them on a 64-bit jemalloc build (robj 16
 * bytes, dictEntry 24, sds headers, jemalloc size classes), so MEMORY USAGE of strings matches
 * real Redis and MEMORY STATS has Redis's fields and types with plausible values.
 */
public final class MemoryCommands {
    private MemoryCommands() {}

    /** What a fresh Redis 7.0 reports as startup.allocated (close to real builds). */
    static final long STARTUP_ALLOCATED = 862_184;
    /** Per connected client (query and reply buffers, client struct). */
    static final long PER_CLIENT = 1_800;

    private static final String[] HELP = {
            "DOCTOR",
            "    Return memory problems reports.",
            "MALLOC-STATS",
            "    Return internal statistics report from the memory allocator.",
            "PURGE",
            "    Attempt to purge dirty pages for reclamation by the allocator.",
            "STATS",
            "    Return information about the memory usage of the server.",
            "USAGE <key> [SAMPLES <count>]",
            "    Return memory in bytes used by <key> and its value. Nested values are",
            "    sampled up to <count> times (default: 5, 0 means sample all).",
    };

    public static void register(CommandRegistry r) {
        r.add("memory|usage", MemoryCommands::usage);
        r.add("memory|stats", MemoryCommands::stats);
        r.add("memory|doctor", c -> c.out.verbatim("txt", doctor(c.server).getBytes(StandardCharsets.UTF_8)));
        r.add("memory|malloc-stats", c -> c.out.verbatim("txt", mallocStats(c.server).getBytes(StandardCharsets.UTF_8)));
        r.add("memory|purge", Ctx::ok);
        r.add("memory|help", c -> ServerCommands.help(c, HELP));
    }

    // --- sizes (allocation arithmetic lives in MemorySizes) ---

    /** objectComputeSize for strings: int 16, embstr one allocation, raw robj plus sds. */
    public static long stringSize(RedisString s) {
        int len = s.value().length;
        switch (s.encoding()) {
            case "int":
                return 16;
            case "embstr":
                return MemorySizes.jemalloc(16 + 3 + len + 1);
            default:
                return 16 + MemorySizes.sds(len);
        }
    }

    /** The value's size, robj included. */
    public static long valueSize(RedisObject o, long samples) {
        if (o instanceof RedisString) return stringSize((RedisString) o);
        return o.memoryUsage(samples);
    }

    /** MEMORY USAGE's total: value, key sds and its dict entry. */
    public static long keyUsage(byte[] key, RedisObject o, long samples) {
        return valueSize(o, samples) + MemorySizes.sds(key.length) + 24;
    }

    /** MEMORY USAGE key [SAMPLES count]; looks at the dict directly, as Redis does (no expiry). */
    static void usage(Ctx c) {
        long samples = 5;
        for (int j = 3; j < c.argc(); j++) {
            if (c.is(j, "samples") && j + 1 < c.argc()) {
                samples = c.longArg(j + 1);
                if (samples < 0) throw new RedisError(Errors.SYNTAX);
                if (samples == 0) samples = Long.MAX_VALUE;
                j++;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        Dict.Entry<RedisObject> e = c.db().keys.getEntry(c.arg(2));
        if (e == null) {
            c.out.nullBulk();
            return;
        }
        c.out.integer(keyUsage(c.arg(2), e.value, samples));
    }

    // --- MEMORY STATS ---

    /** Redis's getMemoryOverheadData, from estimates. */
    static final class Overhead {
        long total;
        long peak;
        long clients;
        long overheadTotal;
        long keys;
        long dataset;
        long[][] dbs;
    }

    static long dictSlots(long size) {
        if (size == 0) return 0;
        long s = 4;
        while (s < size) s <<= 1;
        return s;
    }

    static Overhead overhead(Server s) {
        Overhead m = new Overhead();
        long data = 0;
        long overhead = STARTUP_ALLOCATED;
        m.clients = (long) s.clients().size() * PER_CLIENT;
        overhead += m.clients;
        java.util.List<long[]> dbs = new java.util.ArrayList<>();
        for (Database db : s.dbs()) {
            long n = db.size();
            if (n == 0) continue;
            m.keys += n;
            long main = n * 24 + dictSlots(n) * 8 + n * 16;
            long exp = db.expiresCount() * 24L + dictSlots(db.expiresCount()) * 8;
            overhead += main + exp;
            dbs.add(new long[] {db.id, main, exp, 0});
            long[] sum = {0};
            db.keys.forEachEntry(e -> sum[0] += keyUsage(e.key, e.value, 5) - 24 - 16);
            data += sum[0];
        }
        m.dbs = dbs.toArray(new long[0][]);
        m.overheadTotal = overhead;
        m.dataset = data;
        m.total = overhead + data;
        if (m.total > s.diagnostics.memoryPeak) s.diagnostics.memoryPeak = m.total;
        m.peak = s.diagnostics.memoryPeak;
        return m;
    }

    static void stats(Ctx c) {
        Overhead m = overhead(c.server);
        long net = m.total > STARTUP_ALLOCATED ? m.total - STARTUP_ALLOCATED : 1;
        long allocated = m.total + 256 * 1024;
        long active = allocated + allocated / 8;
        long resident = active * 2;
        long rss = resident + resident / 3;
        var o = c.out;
        o.map(27 + m.dbs.length);
        o.bulk("peak.allocated");
        o.integer(m.peak);
        o.bulk("total.allocated");
        o.integer(m.total);
        o.bulk("startup.allocated");
        o.integer(STARTUP_ALLOCATED);
        o.bulk("replication.backlog");
        o.integer(0);
        o.bulk("clients.slaves");
        o.integer(0);
        o.bulk("clients.normal");
        o.integer(m.clients);
        o.bulk("cluster.links");
        o.integer(0);
        o.bulk("aof.buffer");
        o.integer(0);
        o.bulk("lua.caches");
        o.integer(0);
        o.bulk("functions.caches");
        o.integer(184);
        for (long[] db : m.dbs) {
            o.bulk("db." + db[0]);
            o.map(3);
            o.bulk("overhead.hashtable.main");
            o.integer(db[1]);
            o.bulk("overhead.hashtable.expires");
            o.integer(db[2]);
            o.bulk("overhead.hashtable.slot-to-keys");
            o.integer(db[3]);
        }
        o.bulk("overhead.total");
        o.integer(m.overheadTotal);
        o.bulk("keys.count");
        o.integer(m.keys);
        o.bulk("keys.bytes-per-key");
        o.integer(m.keys == 0 ? 0 : net / m.keys);
        o.bulk("dataset.bytes");
        o.integer(m.dataset);
        o.bulk("dataset.percentage");
        o.dbl((float) m.dataset * 100 / net);
        o.bulk("peak.percentage");
        o.dbl((float) m.total * 100 / m.peak);
        o.bulk("allocator.allocated");
        o.integer(allocated);
        o.bulk("allocator.active");
        o.integer(active);
        o.bulk("allocator.resident");
        o.integer(resident);
        o.bulk("allocator-fragmentation.ratio");
        o.dbl((float) active / allocated);
        o.bulk("allocator-fragmentation.bytes");
        o.integer(active - allocated);
        o.bulk("allocator-rss.ratio");
        o.dbl((float) resident / active);
        o.bulk("allocator-rss.bytes");
        o.integer(resident - active);
        o.bulk("rss-overhead.ratio");
        o.dbl((float) rss / resident);
        o.bulk("rss-overhead.bytes");
        o.integer(rss - resident);
        o.bulk("fragmentation");
        o.dbl((float) rss / m.total);
        o.bulk("fragmentation.bytes");
        o.integer(rss - m.total);
    }

    /** MEMORY DOCTOR: under 5MB Redis declines to analyse; above, the emulator has no issues to report. */
    static String doctor(Server s) {
        Overhead m = overhead(s);
        if (m.total < 5 * 1024 * 1024) {
            return "Hi Sam, this instance is empty or is using very little memory, my issues detector can't be used in"
                    + " these conditions. Please, leave for your mission on Earth and fill it with some data. The new Sam"
                    + " and I will be back to our programming as soon as I finished rebooting.\n";
        }
        return "Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n";
    }

    /** MEMORY MALLOC-STATS: a jemalloc-style report framed like the real one. */
    static String mallocStats(Server s) {
        Overhead m = overhead(s);
        return "___ Begin jemalloc statistics ___\n"
                + "Version: \"5.3.0-0-g54eaed1d8b56b1aa528be3bdd1877e59c56fa90c\"\n"
                + "Allocated: " + m.total + ", active: " + (m.total + m.total / 8) + ", metadata: 0, resident: "
                + (m.total * 2) + ", mapped: " + (m.total * 3) + ", retained: 0\n"
                + "--- End jemalloc statistics ---\n";
    }
}

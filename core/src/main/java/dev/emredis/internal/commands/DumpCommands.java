package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.rdb.Crc64;
import dev.emredis.internal.rdb.RdbFormatException;
import dev.emredis.internal.rdb.RdbIn;
import dev.emredis.internal.rdb.RdbLimits;
import dev.emredis.internal.rdb.RdbLoader;
import dev.emredis.internal.rdb.RdbOut;
import dev.emredis.internal.rdb.RdbTypes;
import dev.emredis.internal.rdb.RdbValues;
import dev.emredis.internal.util.Num;

/**
 * DUMP and RESTORE (and RESTORE-ASKING, the same command for cluster migrations) in Redis 7.0's
 * payload format: the RDB type byte and value, the RDB version as two little-endian bytes, and
 * the CRC-64 of all that, little endian.
 */
public final class DumpCommands {
    private DumpCommands() {}

    public static void register(CommandRegistry r) {
        r.add("dump", DumpCommands::dump);
        r.add("restore", DumpCommands::restore);
        r.add("restore-asking", DumpCommands::restore);
    }

    /** createDumpPayload. */
    public static byte[] payload(RedisObject o, RdbLimits limits) {
        RdbOut out = new RdbOut(limits.compression());
        out.u8(RdbValues.typeOf(o));
        RdbValues.write(out, o, limits);
        out.le(RdbTypes.VERSION, 2);
        byte[] body = out.toByteArray();
        out.le(Crc64.of(body, 0, body.length), 8);
        return out.toByteArray();
    }

    static void dump(Ctx c) {
        RedisObject o = c.db().lookupRead(c.arg(1), c.client);
        if (o == null) {
            c.out.nullBulk();
            return;
        }
        c.out.bulk(payload(o, RdbLimits.of(c.server.config())));
    }

    /** verifyDumpPayload: at least the footer, a version Redis 7.0 knows, and the checksum. */
    static boolean verify(byte[] p, boolean skipChecksum) {
        if (p.length < 10) return false;
        int footer = p.length - 10;
        int version = (p[footer] & 0xff) | (p[footer + 1] & 0xff) << 8;
        if (version > RdbTypes.VERSION) return false;
        if (skipChecksum) return true;
        long crc = Crc64.of(p, 0, p.length - 8);
        for (int i = 0; i < 8; i++) if (p[footer + 2 + i] != (byte) (crc >>> (8 * i))) return false;
        return true;
    }

    /** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency]. */
    static void restore(Ctx c) {
        boolean replace = false;
        boolean absttl = false;
        long idle = -1;
        long freq = -1;
        for (int j = 4; j < c.argc(); j++) {
            int additional = c.argc() - j - 1;
            if (c.is(j, "replace")) {
                replace = true;
            } else if (c.is(j, "absttl")) {
                absttl = true;
            } else if (c.is(j, "idletime") && additional >= 1 && freq == -1) {
                idle = longArg(c, j + 1);
                if (idle < 0) throw new RedisError(Errors.RESTORE_BAD_IDLETIME);
                j++;
            } else if (c.is(j, "freq") && additional >= 1 && idle == -1) {
                freq = longArg(c, j + 1);
                if (freq < 0 || freq > 255) throw new RedisError(Errors.RESTORE_BAD_FREQ);
                j++;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        byte[] key = c.arg(1);
        Database db = c.db();
        if (!replace && db.lookupWrite(key) != null) throw new RedisError(Errors.BUSYKEY);
        long ttl = longArg(c, 2);
        if (ttl < 0) throw new RedisError(Errors.RESTORE_BAD_TTL);
        byte[] p = c.arg(3);
        if (!verify(p, c.server.skipChecksumValidation)) throw new RedisError(Errors.DUMP_PAYLOAD_WRONG);
        RedisObject obj;
        try {
            // Redis reads the object from the start of the whole payload (footer included)
            RdbIn in = new RdbIn(p, 0, p.length);
            obj = RdbLoader.read(in.u8(), in, RdbLimits.of(c.server.config()));
        } catch (RdbFormatException | OutOfMemoryError e) {
            throw new RedisError(Errors.DUMP_BAD_FORMAT);
        }
        boolean deleted = replace && db.delete(key);
        long now = c.now();
        if (ttl != 0 && !absttl) ttl += now;
        if (ttl != 0 && ttl <= now) {
            // already expired: nothing is created (a replaced key is gone, as if deleted)
            if (deleted) c.server.notifications().notify(Notifications.GENERIC, "del", key, db.id);
            if (Propagation.wanted(c)) Propagation.as(c, deleted ? new byte[][][] {Propagation.cmd("DEL", key)} : new byte[0][][]);
            c.ok();
            return;
        }
        db.add(key, obj);
        if (ttl != 0) db.setExpire(key, ttl);
        if (ttl != 0 && !absttl) {
            // a relative TTL reaches replicas as the absolute time, ABSTTL appended
            byte[][] argv = java.util.Arrays.copyOf(c.argv, c.argc() + 1);
            argv[2] = Long.toString(ttl).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            argv[c.argc()] = "ABSTTL".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (Propagation.wanted(c)) Propagation.as(c, argv);
        }
        // objectSetLRUOrLFU: FREQ counts under an LFU policy, IDLETIME under the others
        boolean lfu = c.server.config().get("maxmemory-policy").contains("lfu");
        if (lfu) {
            if (freq >= 0) obj.lfuCounter = (int) freq;
        } else if (idle >= 0) {
            obj.lastAccess = now - lruIdleSeconds(idle, now) * 1000;
        }
        c.server.notifications().notify(Notifications.GENERIC, "restore", key, db.id);
        c.ok();
    }

    /** Redis's LRU_CLOCK_MAX: the object's access time is a 24-bit wrapping count of seconds. */
    private static final long LRU_CLOCK_MAX = (1 << 24) - 1;

    /**
     * The idle time OBJECT IDLETIME reports after IDLETIME {@code idle}: Redis stores clock - idle in
     * the object's 24-bit LRU field (adding LRU_CLOCK_MAX once if negative, then truncating), and
     * reads it back with wrap-around, so idle times beyond the clock come back changed.
     */
    static long lruIdleSeconds(long idle, long nowMs) {
        long clock = (nowMs / 1000) & LRU_CLOCK_MAX;
        long abs = clock - idle * 1000 / 1000; // wraps like C's long long for absurd values
        if (abs < 0) abs += LRU_CLOCK_MAX;
        long lru = abs & ((1 << 24) - 1);
        return clock >= lru ? clock - lru : clock + (LRU_CLOCK_MAX - lru);
    }

    private static long longArg(Ctx c, int i) {
        Long v = Num.parseLong(c.arg(i));
        if (v == null) throw new RedisError(Errors.NOT_INTEGER);
        return v;
    }
}

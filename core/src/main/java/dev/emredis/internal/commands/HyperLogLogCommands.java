package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.HyperLogLog;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisString;
import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST. An HLL is a plain string value (see
 * {@link HyperLogLog} for its bytes). Like Redis, every command that touches an existing HLL
 * "unshares" it first, which leaves the string raw-encoded, and keeps its TTL.
 */
public final class HyperLogLogCommands {
    private HyperLogLogCommands() {}

    public static void register(CommandRegistry r) {
        r.add("pfadd", HyperLogLogCommands::pfadd);
        r.add("pfcount", HyperLogLogCommands::pfcount);
        r.add("pfmerge", HyperLogLogCommands::pfmerge);
        r.add("pfdebug", HyperLogLogCommands::pfdebug);
        r.add("pfselftest", HyperLogLogCommands::pfselftest);
    }

    /** Redis's isHLLObjectOrReply: other types get the usual WRONGTYPE, bad strings the HLL one. */
    private static RedisString checkHll(RedisObject o) {
        if (!(o instanceof RedisString)) throw new RedisError(Errors.WRONGTYPE);
        RedisString s = (RedisString) o;
        if (!HyperLogLog.isValid(s.value())) throw new RedisError(Errors.HLL_WRONGTYPE);
        return s;
    }

    private static long sparseMaxBytes(Ctx c) {
        return c.server.config().getLong("hll-sparse-max-bytes");
    }

    /** PFADD key [element ...]: 1 if the key was created or a register changed. */
    static void pfadd(Ctx c) {
        Database db = c.db();
        byte[] key = c.arg(1);
        RedisObject o = db.lookupWrite(key);
        RedisString s = null;
        HyperLogLog h;
        int updated = 0;
        if (o == null) {
            h = HyperLogLog.empty();
            updated++;
        } else {
            s = checkHll(o);
            h = new HyperLogLog(s.value());
        }
        long dirty = c.server.dirty;
        long maxBytes = sparseMaxBytes(c);
        for (int j = 2; j < c.argc(); j++) {
            int r = h.add(c.arg(j), maxBytes);
            if (r == 1) {
                updated++;
            } else if (r == -1) {
                // Redis changed the value in place up to the corrupted part, and signals nothing.
                s.value(h.bytes(), true);
                throw new RedisError(Errors.HLL_INVALID);
            }
        }
        if (updated > 0) h.invalidateCache();
        if (s == null) {
            db.add(key, RedisString.raw(h.bytes()));
        } else {
            s.value(h.bytes(), true);
            if (updated > 0) db.signalModified(key);
        }
        if (updated > 0) {
            c.server.notifications().notify(Notifications.STRING, "pfadd", key, db.id);
            c.server.dirty = dirty + updated;
        }
        c.out.integer(updated > 0 ? 1 : 0);
    }

    /** PFCOUNT key [key ...]: one key uses and refreshes the cached cardinality; several are merged. */
    static void pfcount(Ctx c) {
        Database db = c.db();
        if (c.argc() > 2) {
            byte[] max = new byte[HyperLogLog.REGISTERS];
            for (int j = 1; j < c.argc(); j++) {
                RedisObject o = db.lookupRead(c.arg(j), c.client);
                if (o == null) continue;
                HyperLogLog h = new HyperLogLog(checkHll(o).value());
                if (!h.mergeInto(max)) throw new RedisError(Errors.HLL_INVALID);
            }
            c.out.integer(HyperLogLog.countRaw(max));
            return;
        }
        byte[] key = c.arg(1);
        RedisObject o = db.lookupRead(key, c.client);
        if (o == null) {
            c.out.integer(0);
            return;
        }
        RedisString s = checkHll(o);
        s.value(s.value(), true);
        HyperLogLog h = new HyperLogLog(s.value());
        long card;
        if (h.cacheValid()) {
            card = h.cachedCardinality();
        } else {
            card = h.count();
            if (card < 0) throw new RedisError(Errors.HLL_INVALID);
            // Writing the cache changes the string: Redis signals the key (WATCH) but sends no event.
            h.cachedCardinality(card);
            s.value(h.bytes(), true);
            db.signalModified(key);
        }
        c.out.integer(card);
    }

    /** PFMERGE destkey [sourcekey ...]: the destination takes part in the union too. */
    static void pfmerge(Ctx c) {
        Database db = c.db();
        byte[] max = new byte[HyperLogLog.REGISTERS];
        boolean useDense = false;
        for (int j = 1; j < c.argc(); j++) {
            RedisObject o = db.lookupRead(c.arg(j), c.client);
            if (o == null) continue;
            HyperLogLog h = new HyperLogLog(checkHll(o).value());
            if (h.encoding() == HyperLogLog.DENSE) useDense = true;
            if (!h.mergeInto(max)) throw new RedisError(Errors.HLL_INVALID);
        }
        byte[] key = c.arg(1);
        RedisObject o = db.lookupWrite(key);
        RedisString s = (RedisString) o;
        HyperLogLog h = s == null ? HyperLogLog.empty() : new HyperLogLog(s.value());
        if (useDense && !h.toDense()) throw new RedisError(Errors.HLL_INVALID);
        long maxBytes = sparseMaxBytes(c);
        for (int j = 0; j < HyperLogLog.REGISTERS; j++) {
            if (max[j] != 0) h.set(j, max[j], maxBytes);
        }
        h.invalidateCache();
        if (s == null) {
            db.add(key, RedisString.raw(h.bytes()));
        } else {
            s.value(h.bytes(), true);
            db.signalModified(key);
        }
        // Redis reports a merge as a "pfadd" event.
        c.server.notifications().notify(Notifications.STRING, "pfadd", key, db.id);
        c.ok();
    }

    /** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key. The key is checked before the subcommand. */
    static void pfdebug(Ctx c) {
        Database db = c.db();
        byte[] key = c.arg(2);
        RedisObject o = db.lookupWrite(key);
        if (o == null) throw new RedisError(Errors.HLL_NO_SUCH_KEY);
        RedisString s = checkHll(o);
        s.value(s.value(), true);
        HyperLogLog h = new HyperLogLog(s.value());
        if (c.is(1, "getreg")) {
            if (h.encoding() == HyperLogLog.SPARSE) {
                if (!h.toDense()) throw new RedisError(Errors.HLL_INVALID);
                // The encoding changes without signalling the key; only the dirty counter moves.
                s.value(h.bytes(), true);
                c.server.dirty++;
            }
            c.out.array(HyperLogLog.REGISTERS);
            for (int j = 0; j < HyperLogLog.REGISTERS; j++) c.out.integer(h.denseRegister(j));
        } else if (c.is(1, "decode")) {
            if (h.encoding() != HyperLogLog.SPARSE) throw new RedisError(Errors.HLL_NOT_SPARSE);
            c.out.bulk(h.decode().getBytes(StandardCharsets.US_ASCII));
        } else if (c.is(1, "encoding")) {
            c.out.simple(h.encoding() == HyperLogLog.DENSE ? "dense" : "sparse");
        } else if (c.is(1, "todense")) {
            boolean converted = false;
            if (h.encoding() == HyperLogLog.SPARSE) {
                if (!h.toDense()) throw new RedisError(Errors.HLL_INVALID);
                s.value(h.bytes(), true);
                c.server.dirty++;
                converted = true;
            }
            c.out.integer(converted ? 1 : 0);
        } else {
            throw new RedisError(Errors.pfdebugUnknown(c.str(1)));
        }
    }

    private static final int SELFTEST_CYCLES = 1000;

    /**
     * PFSELFTEST: Redis's own check of the register packing and of the estimator's error (dense
     * and sparse fed the same 10 million elements must agree and stay within 6 standard errors).
     */
    static void pfselftest(Ctx c) {
        RandomGenerator rnd = c.server.random();
        byte[] zeroDense = new byte[HyperLogLog.DENSE_SIZE];
        zeroDense[0] = 'H';
        zeroDense[1] = 'Y';
        zeroDense[2] = 'L';
        zeroDense[3] = 'L';
        HyperLogLog dense = new HyperLogLog(zeroDense);
        int[] expected = new int[HyperLogLog.REGISTERS];
        for (int cycle = 0; cycle < SELFTEST_CYCLES; cycle++) {
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                int v = rnd.nextInt() & HyperLogLog.REGISTER_MAX;
                expected[i] = v;
                dense.forceRegister(i, v);
            }
            for (int i = 0; i < HyperLogLog.REGISTERS; i++) {
                int got = dense.denseRegister(i);
                if (got != expected[i]) throw new RedisError(Errors.pfselftestRegister(i, expected[i], got));
            }
        }
        dense = new HyperLogLog(zeroDense);
        HyperLogLog sparse = HyperLogLog.empty();
        long maxBytes = sparseMaxBytes(c);
        double relerr = 1.04 / Math.sqrt(HyperLogLog.REGISTERS);
        long checkpoint = 1;
        long seed = (rnd.nextInt() & 0x7fffffffL) | (rnd.nextInt() & 0x7fffffffL) << 32;
        byte[] ele = new byte[8];
        for (long j = 1; j <= 10_000_000L; j++) {
            long v = j ^ seed;
            for (int k = 0; k < 8; k++) ele[k] = (byte) (v >>> (8 * k));
            dense.add(ele, maxBytes);
            sparse.add(ele, maxBytes);
            if (j != checkpoint) continue;
            if (j < maxBytes / 2 && sparse.encoding() != HyperLogLog.SPARSE) {
                throw new RedisError(Errors.PFSELFTEST_SPARSE_NOT_USED);
            }
            long card = dense.count();
            if (card != sparse.count()) throw new RedisError(Errors.PFSELFTEST_DISAGREE);
            long abserr = Math.abs(checkpoint - card);
            long maxerr = (long) Math.ceil(relerr * 6 * checkpoint);
            if (j == 10) maxerr = 1;
            if (abserr > maxerr) throw new RedisError(Errors.pfselftestError(checkpoint, abserr));
            checkpoint *= 10;
        }
        c.ok();
    }
}

package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisHash;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.server.ByteKey;
import dev.emredis.internal.util.LongDouble;
import dev.emredis.internal.util.Num;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/** Hash commands (t_hash.c): replies, errors, events and encodings as Redis 7.0 has them. */
public final class HashCommands {
    private HashCommands() {}

    public static void register(CommandRegistry r) {
        r.add("hset", HashCommands::hset);
        r.add("hmset", HashCommands::hset);
        r.add("hsetnx", HashCommands::hsetnx);
        r.add("hget", HashCommands::hget);
        r.add("hmget", HashCommands::hmget);
        r.add("hgetall", c -> getAll(c, true, true));
        r.add("hkeys", c -> getAll(c, true, false));
        r.add("hvals", c -> getAll(c, false, true));
        r.add("hdel", HashCommands::hdel);
        r.add("hexists", HashCommands::hexists);
        r.add("hlen", HashCommands::hlen);
        r.add("hstrlen", HashCommands::hstrlen);
        r.add("hincrby", HashCommands::hincrby);
        r.add("hincrbyfloat", HashCommands::hincrbyfloat);
        r.add("hrandfield", HashCommands::hrandfield);
        r.add("hscan", HashCommands::hscan);
    }

    static long maxEntries(Ctx c) {
        return c.server.config().getLong("hash-max-listpack-entries");
    }

    static long maxValue(Ctx c) {
        return c.server.config().getLong("hash-max-listpack-value");
    }

    /** The hash at key for reading, null if missing; WRONGTYPE for other types. */
    static RedisHash read(Ctx c, byte[] key) {
        RedisObject o = c.db().lookupRead(key, c.client);
        if (o == null) return null;
        if (!(o instanceof RedisHash)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisHash) o;
    }

    /** hashTypeLookupWriteOrCreate: the hash at key, created (and added) if missing. */
    static RedisHash writeOrCreate(Ctx c, byte[] key) {
        RedisObject o = c.db().lookupWrite(key);
        if (o == null) {
            RedisHash h = new RedisHash();
            c.db().add(key, h);
            return h;
        }
        if (!(o instanceof RedisHash)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisHash) o;
    }

    private static void notify(Ctx c, String event, byte[] key) {
        c.server.notifications().notify(Notifications.HASH, event, key, c.db().id);
    }

    /** HSET and HMSET (same handler in Redis; they differ only in the reply). */
    static void hset(Ctx c) {
        if (c.argc() % 2 == 1) throw new RedisError(Errors.wrongArity(c.is(0, "hset") ? "hset" : "hmset"));
        byte[] key = c.arg(1);
        RedisHash h = writeOrCreate(c, key);
        long maxEntries = maxEntries(c);
        long maxValue = maxValue(c);
        h.tryConversion(c.argv, 2, c.argc() - 1, maxValue);
        int created = 0;
        for (int i = 2; i < c.argc(); i += 2) {
            if (h.set(c.arg(i), c.arg(i + 1), maxEntries, maxValue)) created++;
        }
        if (c.is(0, "hset")) c.out.integer(created);
        else c.ok();
        c.db().signalModified(key);
        notify(c, "hset", key);
    }

    static void hsetnx(Ctx c) {
        byte[] key = c.arg(1);
        RedisHash h = writeOrCreate(c, key);
        if (h.contains(c.arg(2))) {
            c.out.integer(0);
            return;
        }
        long maxValue = maxValue(c);
        h.tryConversion(c.argv, 2, 3, maxValue);
        h.set(c.arg(2), c.arg(3), maxEntries(c), maxValue);
        c.out.integer(1);
        c.db().signalModified(key);
        notify(c, "hset", key);
    }

    static void hget(Ctx c) {
        RedisHash h = read(c, c.arg(1));
        byte[] v = h == null ? null : h.get(c.arg(2));
        if (v == null) c.out.nullBulk();
        else c.out.bulk(v);
    }

    static void hmget(Ctx c) {
        RedisHash h = read(c, c.arg(1));
        c.out.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) {
            byte[] v = h == null ? null : h.get(c.arg(i));
            if (v == null) c.out.nullBulk();
            else c.out.bulk(v);
        }
    }

    /** HGETALL (a map), HKEYS and HVALS (arrays). */
    static void getAll(Ctx c, boolean keys, boolean values) {
        RedisHash h = read(c, c.arg(1));
        int n = h == null ? 0 : h.size();
        if (keys && values) c.out.map(n);
        else c.out.array(n);
        if (h == null) return;
        h.forEach((f, v) -> {
            if (keys) c.out.bulk(f);
            if (values) c.out.bulk(v);
        });
    }

    static void hdel(Ctx c) {
        byte[] key = c.arg(1);
        RedisObject o = c.db().lookupWrite(key);
        if (o == null) {
            c.out.integer(0);
            return;
        }
        if (!(o instanceof RedisHash)) throw new RedisError(Errors.WRONGTYPE);
        RedisHash h = (RedisHash) o;
        int deleted = 0;
        boolean removed = false;
        for (int i = 2; i < c.argc(); i++) {
            if (h.delete(c.arg(i))) {
                deleted++;
                if (h.size() == 0) {
                    c.db().delete(key);
                    removed = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.db().signalModified(key);
            notify(c, "hdel", key);
            if (removed) c.server.notifications().notify(Notifications.GENERIC, "del", key, c.db().id);
        }
        c.out.integer(deleted);
    }

    static void hexists(Ctx c) {
        RedisHash h = read(c, c.arg(1));
        c.out.integer(h != null && h.contains(c.arg(2)) ? 1 : 0);
    }

    static void hlen(Ctx c) {
        RedisHash h = read(c, c.arg(1));
        c.out.integer(h == null ? 0 : h.size());
    }

    static void hstrlen(Ctx c) {
        RedisHash h = read(c, c.arg(1));
        byte[] v = h == null ? null : h.get(c.arg(2));
        c.out.integer(v == null ? 0 : v.length);
    }

    static void hincrby(Ctx c) {
        long incr = c.longArg(3);
        byte[] key = c.arg(1);
        RedisHash h = writeOrCreate(c, key);
        byte[] cur = h.get(c.arg(2));
        long value = 0;
        if (cur != null) {
            Long v = cur.length <= 20 ? Num.parseLong(cur) : null;
            if (v == null) throw new RedisError(Errors.HASH_VALUE_NOT_INTEGER);
            value = v;
        }
        if ((incr < 0 && value < 0 && incr < Long.MIN_VALUE - value)
                || (incr > 0 && value > 0 && incr > Long.MAX_VALUE - value)) {
            throw new RedisError(Errors.OVERFLOW);
        }
        value += incr;
        h.set(c.arg(2), Num.bytes(value), maxEntries(c), maxValue(c));
        c.out.integer(value);
        c.db().signalModified(key);
        notify(c, "hincrby", key);
    }

    static void hincrbyfloat(Ctx c) {
        LongDouble incr = LongDouble.parse(c.arg(3));
        if (incr == null) throw new RedisError(Errors.NOT_FLOAT);
        if (incr.isInfinite()) throw new RedisError(Errors.VALUE_NAN_OR_INFINITY);
        byte[] key = c.arg(1);
        RedisHash h = writeOrCreate(c, key);
        byte[] cur = h.get(c.arg(2));
        LongDouble value = LongDouble.of(0);
        if (cur != null) {
            value = LongDouble.parse(cur);
            if (value == null) throw new RedisError(Errors.HASH_VALUE_NOT_FLOAT);
        }
        value = value.add(incr);
        if (value == null || value.isInfinite()) throw new RedisError(Errors.INCR_NAN_INF);
        byte[] out = value.toHumanString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        h.set(c.arg(2), out, maxEntries(c), maxValue(c));
        c.out.bulk(out);
        c.db().signalModified(key);
        notify(c, "hincrbyfloat", key);
        if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("HSET", key, c.arg(2), out));
    }

    // --- HRANDFIELD ---

    static void hrandfield(Ctx c) {
        if (c.argc() >= 3) {
            long l = c.longArg(2);
            if (l == Long.MIN_VALUE) throw new RedisError(Errors.valueNotBetween(-Long.MAX_VALUE, Long.MAX_VALUE));
            boolean withValues = false;
            if (c.argc() > 4 || (c.argc() == 4 && !c.is(3, "withvalues"))) throw new RedisError(Errors.SYNTAX);
            if (c.argc() == 4) {
                withValues = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) throw new RedisError(Errors.VALUE_OUT_OF_RANGE);
            }
            withCount(c, l, withValues);
            return;
        }
        RedisHash h = read(c, c.arg(1));
        if (h == null) {
            c.out.nullBulk();
            return;
        }
        c.out.bulk(h.randomPair(c.server.random())[0]);
    }

    private static void pair(Ctx c, byte[] f, byte[] v, boolean withValues) {
        if (withValues && c.out.protocol() > 2) c.out.array(2);
        c.out.bulk(f);
        if (withValues) c.out.bulk(v);
    }

    /**
     * HRANDFIELD with a count: negative means "this many, repetitions allowed, random order";
     * positive means distinct fields, the whole hash when the count reaches its size.
     */
    private static void withCount(Ctx c, long l, boolean withValues) {
        RedisHash h = read(c, c.arg(1));
        if (h == null) {
            c.out.array(0);
            return;
        }
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        if (count == 0) {
            c.out.array(0);
            return;
        }
        RandomGenerator rnd = c.server.random();
        int size = h.size();
        boolean flat = withValues && c.out.protocol() == 2;
        if (!uniq || count == 1) {
            c.out.array((int) (flat ? count * 2 : count));
            for (long i = 0; i < count; i++) {
                byte[][] p = h.randomPair(rnd);
                pair(c, p[0], p[1], withValues);
            }
            return;
        }
        long replySize = Math.min(count, size);
        c.out.array((int) (flat ? replySize * 2 : replySize));
        if (count >= size) {
            h.forEach((f, v) -> pair(c, f, v, withValues));
            return;
        }
        if (h.isListpack()) {
            // distinct positions, reported in listpack order (lpRandomPairsUnique's contract)
            boolean[] picked = pickDistinct(rnd, size, (int) count);
            for (int i = 0; i < size; i++) if (picked[i]) pair(c, h.fieldAt(i), h.valueAt(i), withValues);
            return;
        }
        java.util.Set<ByteKey> chosen = new java.util.HashSet<>();
        if (count * 3 > size) {
            // CASE 3: start from everything, remove random entries
            List<byte[][]> all = new ArrayList<>(size);
            h.forEach((f, v) -> all.add(new byte[][] {f, v}));
            while (all.size() > count) {
                int i = rnd.nextInt(all.size());
                all.set(i, all.get(all.size() - 1));
                all.remove(all.size() - 1);
            }
            for (byte[][] p : all) pair(c, p[0], p[1], withValues);
            return;
        }
        // CASE 4: sample until enough distinct fields
        while (chosen.size() < count) {
            byte[][] p = h.randomPair(rnd);
            ByteKey k = new ByteKey(p[0]);
            if (!chosen.add(k)) continue;
            pair(c, p[0], p[1], withValues);
        }
    }

    static boolean[] pickDistinct(RandomGenerator rnd, int size, int count) {
        boolean[] picked = new boolean[size];
        // selection sampling: each position taken with probability needed/remaining
        int needed = count;
        for (int i = 0; i < size && needed > 0; i++) {
            if (rnd.nextInt(size - i) < needed) {
                picked[i] = true;
                needed--;
            }
        }
        return picked;
    }

    // --- HSCAN ---

    static void hscan(Ctx c) {
        long cursor = CollectionScan.parseCursor(c.arg(2));
        RedisHash h = read(c, c.arg(1));
        if (h == null) {
            CollectionScan.emptyReply(c);
            return;
        }
        CollectionScan.Options o = CollectionScan.options(c, 3);
        List<byte[]> items = new ArrayList<>();
        if (h.isListpack()) {
            h.forEach((f, v) -> {
                items.add(f);
                items.add(v);
            });
            cursor = 0;
        } else {
            cursor = CollectionScan.scanDict(h.dict(), cursor, o.count * 2, true, items, v -> v);
        }
        CollectionScan.reply(c, cursor, items, o.pattern, true);
    }
}

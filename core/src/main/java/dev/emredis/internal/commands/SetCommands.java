package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisSet;
import dev.emredis.internal.server.ByteKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/** Set commands (t_set.c): replies, errors, events and encodings as Redis 7.0 has them. */
public final class SetCommands {
    private SetCommands() {}

    public static void register(CommandRegistry r) {
        r.add("sadd", SetCommands::sadd);
        r.add("srem", SetCommands::srem);
        r.add("smembers", c -> inter(c, 1, c.argc() - 1, null, false, 0));
        r.add("sismember", SetCommands::sismember);
        r.add("smismember", SetCommands::smismember);
        r.add("scard", SetCommands::scard);
        r.add("spop", SetCommands::spop);
        r.add("srandmember", SetCommands::srandmember);
        r.add("smove", SetCommands::smove);
        r.add("sinter", c -> inter(c, 1, c.argc() - 1, null, false, 0));
        r.add("sintercard", SetCommands::sintercard);
        r.add("sinterstore", c -> inter(c, 2, c.argc() - 2, c.arg(1), false, 0));
        r.add("sunion", c -> unionDiff(c, 1, c.argc() - 1, null, true));
        r.add("sunionstore", c -> unionDiff(c, 2, c.argc() - 2, c.arg(1), true));
        r.add("sdiff", c -> unionDiff(c, 1, c.argc() - 1, null, false));
        r.add("sdiffstore", c -> unionDiff(c, 2, c.argc() - 2, c.arg(1), false));
        r.add("sscan", SetCommands::sscan);
    }

    static long maxIntset(Ctx c) {
        return c.server.config().getLong("set-max-intset-entries");
    }

    static RedisSet check(RedisObject o) {
        if (o != null && !(o instanceof RedisSet)) throw new RedisError(Errors.WRONGTYPE);
        return (RedisSet) o;
    }

    static RedisSet read(Ctx c, byte[] key) {
        return check(c.db().lookupRead(key, c.client));
    }

    private static void notify(Ctx c, String event, byte[] key) {
        c.server.notifications().notify(Notifications.SET, event, key, c.db().id);
    }

    private static void notifyDel(Ctx c, byte[] key) {
        c.server.notifications().notify(Notifications.GENERIC, "del", key, c.db().id);
    }

    static void sadd(Ctx c) {
        byte[] key = c.arg(1);
        RedisSet s = check(c.db().lookupWrite(key));
        if (s == null) {
            s = RedisSet.createFor(c.arg(2));
            c.db().add(key, s);
        }
        long max = maxIntset(c);
        int added = 0;
        for (int i = 2; i < c.argc(); i++) if (s.add(c.arg(i), max)) added++;
        if (added > 0) {
            c.db().signalModified(key);
            notify(c, "sadd", key);
        }
        c.out.integer(added);
    }

    static void srem(Ctx c) {
        byte[] key = c.arg(1);
        RedisSet s = check(c.db().lookupWrite(key));
        if (s == null) {
            c.out.integer(0);
            return;
        }
        int deleted = 0;
        boolean removed = false;
        for (int i = 2; i < c.argc(); i++) {
            if (s.remove(c.arg(i))) {
                deleted++;
                if (s.size() == 0) {
                    c.db().delete(key);
                    removed = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.db().signalModified(key);
            notify(c, "srem", key);
            if (removed) notifyDel(c, key);
        }
        c.out.integer(deleted);
    }

    static void smove(Ctx c) {
        byte[] src = c.arg(1);
        byte[] dst = c.arg(2);
        byte[] member = c.arg(3);
        RedisObject so = c.db().lookupWrite(src);
        RedisObject dobj = c.db().lookupWrite(dst);
        if (so == null) {
            c.out.integer(0);
            return;
        }
        RedisSet srcSet = check(so);
        RedisSet dstSet = check(dobj);
        if (srcSet == dstSet) {
            c.out.integer(srcSet.contains(member) ? 1 : 0);
            return;
        }
        if (!srcSet.remove(member)) {
            c.out.integer(0);
            return;
        }
        notify(c, "srem", src);
        if (srcSet.size() == 0) {
            c.db().delete(src);
            notifyDel(c, src);
        }
        // Redis signals the source before the destination (client tracking sees that order).
        c.db().signalModified(src);
        if (dstSet == null) {
            dstSet = RedisSet.createFor(member);
            c.db().add(dst, dstSet);
        }
        if (dstSet.add(member, maxIntset(c))) {
            c.db().signalModified(dst);
            notify(c, "sadd", dst);
        }
        c.out.integer(1);
    }

    static void sismember(Ctx c) {
        RedisSet s = read(c, c.arg(1));
        c.out.integer(s != null && s.contains(c.arg(2)) ? 1 : 0);
    }

    static void smismember(Ctx c) {
        RedisSet s = read(c, c.arg(1));
        c.out.array(c.argc() - 2);
        for (int i = 2; i < c.argc(); i++) c.out.integer(s != null && s.contains(c.arg(i)) ? 1 : 0);
    }

    static void scard(Ctx c) {
        RedisSet s = read(c, c.arg(1));
        c.out.integer(s == null ? 0 : s.size());
    }

    // --- SPOP / SRANDMEMBER ---

    static void spop(Ctx c) {
        if (c.argc() == 3) {
            spopWithCount(c);
            return;
        }
        if (c.argc() > 3) throw new RedisError(Errors.SYNTAX);
        byte[] key = c.arg(1);
        RedisSet s = check(c.db().lookupWrite(key));
        if (s == null) {
            c.out.nullBulk();
            return;
        }
        byte[] m = s.random(c.server.random());
        s.remove(m);
        notify(c, "spop", key);
        c.out.bulk(m);
        // a random pop reaches replicas as the removal it did
        if (Propagation.wanted(c)) Propagation.as(c, Propagation.cmd("SREM", key, m));
        if (s.size() == 0) {
            c.db().delete(key);
            notifyDel(c, key);
        }
        c.db().signalModified(key);
    }

    private static void spopWithCount(Ctx c) {
        Long parsed = dev.emredis.internal.util.Num.parseLong(c.arg(2));
        if (parsed == null || parsed < 0) throw new RedisError(Errors.MUST_BE_POSITIVE);
        long count = parsed;
        byte[] key = c.arg(1);
        RedisSet s = check(c.db().lookupWrite(key));
        if (s == null || count == 0) {
            c.out.set(0);
            return;
        }
        int size = s.size();
        notify(c, "spop", key);
        RandomGenerator rnd = c.server.random();
        if (count >= size) {
            // the whole set, written as SUNION of it would write it
            RedisSet all = RedisSet.newIntset();
            long max = maxIntset(c);
            s.forEach(m -> all.add(m, max));
            c.out.set(all.size());
            all.forEach(c.out::bulk);
            c.db().delete(key);
            notifyDel(c, key);
            c.db().signalModified(key);
            if (Propagation.wanted(c)) Propagation.as(c, Propagation.serverDelete(c, key));
            return;
        }
        c.out.set((int) count);
        // one SREM per popped member (wrapped in MULTI/EXEC by the feed)
        java.util.List<byte[][]> srems = Propagation.wanted(c) ? new java.util.ArrayList<>() : null;
        long remaining = size - count;
        if (remaining * 5 > count) {
            // few elements: pop them one by one
            for (long i = 0; i < count; i++) {
                byte[] m = s.random(rnd);
                c.out.bulk(m);
                s.remove(m);
                if (srems != null) srems.add(Propagation.cmd("SREM", key, m));
            }
        } else {
            // most of the set: move the survivors to a new set and return what is left
            RedisSet kept = null;
            long max = maxIntset(c);
            for (long i = 0; i < remaining; i++) {
                byte[] m = s.random(rnd);
                if (kept == null) kept = RedisSet.createFor(m);
                kept.add(m, max);
                s.remove(m);
            }
            s.forEach(m -> {
                c.out.bulk(m);
                if (srems != null) srems.add(Propagation.cmd("SREM", key, m));
            });
            c.db().put(key, kept, true);
        }
        if (srems != null) Propagation.as(c, srems.toArray(new byte[0][][]));
        c.db().signalModified(key);
    }

    static void srandmember(Ctx c) {
        if (c.argc() == 3) {
            srandmemberWithCount(c);
            return;
        }
        if (c.argc() > 3) throw new RedisError(Errors.SYNTAX);
        RedisSet s = read(c, c.arg(1));
        if (s == null) {
            c.out.nullBulk();
            return;
        }
        c.out.bulk(s.random(c.server.random()));
    }

    private static void srandmemberWithCount(Ctx c) {
        long l = c.longArg(2);
        if (l == Long.MIN_VALUE) throw new RedisError(Errors.valueNotBetween(-Long.MAX_VALUE, Long.MAX_VALUE));
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        RedisSet s = read(c, c.arg(1));
        if (s == null || count == 0) {
            c.out.array(0);
            return;
        }
        RandomGenerator rnd = c.server.random();
        int size = s.size();
        if (!uniq || count == 1) {
            c.out.array((int) count);
            for (long i = 0; i < count; i++) c.out.bulk(s.random(rnd));
            return;
        }
        if (count >= size) {
            c.out.array(size);
            s.forEach(c.out::bulk);
            return;
        }
        List<byte[]> result = new ArrayList<>();
        if (count * 3 > size) {
            // start from everything and remove random members
            result.addAll(s.members());
            while (result.size() > count) {
                int i = rnd.nextInt(result.size());
                result.set(i, result.get(result.size() - 1));
                result.remove(result.size() - 1);
            }
        } else {
            Set<ByteKey> seen = new HashSet<>();
            while (result.size() < count) {
                byte[] m = s.random(rnd);
                if (seen.add(new ByteKey(m))) result.add(m);
            }
        }
        c.out.array(result.size());
        for (byte[] m : result) c.out.bulk(m);
    }

    // --- SINTER / SUNION / SDIFF ---

    static void sintercard(Ctx c) {
        Long nk = dev.emredis.internal.util.Num.parseLong(c.arg(1));
        if (nk == null || nk < 1) throw new RedisError(Errors.NUMKEYS_POSITIVE);
        long numkeys = nk;
        if (numkeys > c.argc() - 2) throw new RedisError(Errors.NUMKEYS_GREATER_THAN_ARGS);
        long limit = 0;
        for (int j = 2 + (int) numkeys; j < c.argc(); j++) {
            int moreArgs = c.argc() - 1 - j;
            if (c.is(j, "limit") && moreArgs > 0) {
                j++;
                Long lim = dev.emredis.internal.util.Num.parseLong(c.arg(j));
                if (lim == null || lim < 0) throw new RedisError(Errors.LIMIT_NEGATIVE);
                limit = lim;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        inter(c, 2, (int) numkeys, null, true, limit);
    }

    /**
     * sinterGenericCommand: every key is looked up first (a missing one makes the result empty,
     * a wrong type fails); then the smallest set is walked and each member tested in the others.
     */
    static void inter(Ctx c, int first, int n, byte[] dst, boolean cardOnly, long limit) {
        List<RedisSet> sets = new ArrayList<>(n);
        boolean empty = false;
        for (int i = 0; i < n; i++) {
            RedisSet s = read(c, c.arg(first + i));
            if (s == null) empty = true;
            sets.add(s);
        }
        if (empty) {
            if (dst != null) {
                if (c.db().delete(dst)) notifyDel(c, dst);
                c.out.integer(0);
            } else if (cardOnly) {
                c.out.integer(0);
            } else {
                c.out.set(0);
            }
            return;
        }
        sets.sort((a, b) -> Integer.compare(a.size(), b.size())); // stable, like glibc's qsort
        RedisSet smallest = sets.get(0);
        List<byte[]> result = new ArrayList<>();
        long[] card = {0};
        for (byte[] m : smallest.members()) {
            boolean all = true;
            for (int j = 1; j < sets.size(); j++) {
                RedisSet other = sets.get(j);
                if (other == smallest) continue;
                if (!other.contains(m)) {
                    all = false;
                    break;
                }
            }
            if (!all) continue;
            card[0]++;
            if (cardOnly) {
                if (limit > 0 && card[0] >= limit) break;
            } else {
                result.add(m);
            }
        }
        if (cardOnly) {
            c.out.integer(card[0]);
            return;
        }
        if (dst == null) {
            c.out.set(result.size());
            for (byte[] m : result) c.out.bulk(m);
            return;
        }
        RedisSet out = RedisSet.newIntset();
        long max = maxIntset(c);
        for (byte[] m : result) out.add(m, max);
        store(c, dst, out, "sinterstore");
    }

    /** setKey or delete of the destination, with the STORE variants' reply and events. */
    private static void store(Ctx c, byte[] dst, RedisSet out, String event) {
        if (out.size() > 0) {
            c.db().put(dst, out);
            c.out.integer(out.size());
            notify(c, event, dst);
        } else {
            c.out.integer(0);
            if (c.db().delete(dst)) notifyDel(c, dst);
        }
    }

    /** sunionDiffGenericCommand: the result is built in a new set (intset first, as in Redis). */
    static void unionDiff(Ctx c, int first, int n, byte[] dst, boolean union) {
        List<RedisSet> sets = new ArrayList<>(n);
        boolean sameSet = false;
        for (int i = 0; i < n; i++) {
            RedisSet s = read(c, c.arg(first + i));
            sets.add(s);
            if (i > 0 && s != null && s == sets.get(0)) sameSet = true;
        }
        long max = maxIntset(c);
        RedisSet out = RedisSet.newIntset();
        if (union) {
            for (RedisSet s : sets) if (s != null) s.forEach(m -> out.add(m, max));
        } else if (!sameSet && sets.get(0) != null) {
            RedisSet base = sets.get(0);
            long algoOne = 0, algoTwo = 0;
            for (RedisSet s : sets) {
                if (s == null) continue;
                algoOne += base.size();
                algoTwo += s.size();
            }
            algoOne /= 2;
            if (algoOne <= algoTwo) {
                List<RedisSet> others = new ArrayList<>(sets.subList(1, sets.size()));
                others.sort((a, b) -> Integer.compare(b == null ? 0 : b.size(), a == null ? 0 : a.size()));
                base.forEach(m -> {
                    for (RedisSet o : others) if (o != null && o.contains(m)) return;
                    out.add(m, max);
                });
            } else {
                base.forEach(m -> out.add(m, max));
                for (int j = 1; j < sets.size() && out.size() > 0; j++) {
                    RedisSet s = sets.get(j);
                    if (s != null) s.forEach(out::remove);
                }
            }
        }
        if (dst == null) {
            c.out.set(out.size());
            out.forEach(c.out::bulk);
            return;
        }
        store(c, dst, out, union ? "sunionstore" : "sdiffstore");
    }

    // --- SSCAN ---

    static void sscan(Ctx c) {
        long cursor = CollectionScan.parseCursor(c.arg(2));
        RedisSet s = read(c, c.arg(1));
        if (s == null) {
            CollectionScan.emptyReply(c);
            return;
        }
        CollectionScan.Options o = CollectionScan.options(c, 3);
        List<byte[]> items = new ArrayList<>();
        if (s.isIntset()) {
            s.forEach(items::add);
            cursor = 0;
        } else {
            cursor = CollectionScan.scanDict(s.dict(), cursor, o.count, false, items, v -> null);
        }
        CollectionScan.reply(c, cursor, items, o.pattern, false);
    }
}

package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.LexRange;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.keyspace.ScoreRange;
import dev.emredis.internal.keyspace.ZSkipList;
import dev.emredis.internal.util.Glob;
import dev.emredis.internal.util.Num;
import java.util.ArrayList;
import java.util.List;

/**
 * Sorted set commands on one key: ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE, ZMSCORE, ZRANK, ZREVRANK,
 * ZCOUNT, ZLEXCOUNT, ZREMRANGEBY*, ZPOPMIN, ZPOPMAX, ZMPOP, ZRANDMEMBER, ZSCAN. Range reads are in
 * {@link SortedSetRangeCommands}, ZUNION/ZINTER/ZDIFF in {@link SortedSetSetOpCommands}.
 * Modifications fire Redis's keyspace events, and an emptied set is deleted ({@code del}).
 */
public final class SortedSetCommands {
    private SortedSetCommands() {}

    public static void register(CommandRegistry r) {
        r.add("zadd", c -> zadd(c, 0));
        r.add("zincrby", c -> zadd(c, RedisZSet.IN_INCR));
        r.add("zrem", SortedSetCommands::zrem);
        r.add("zcard", SortedSetCommands::zcard);
        r.add("zscore", SortedSetCommands::zscore);
        r.add("zmscore", SortedSetCommands::zmscore);
        r.add("zrank", c -> zrank(c, false));
        r.add("zrevrank", c -> zrank(c, true));
        r.add("zcount", SortedSetCommands::zcount);
        r.add("zlexcount", SortedSetCommands::zlexcount);
        r.add("zremrangebyrank", c -> zremrange(c, 0));
        r.add("zremrangebyscore", c -> zremrange(c, 1));
        r.add("zremrangebylex", c -> zremrange(c, 2));
        r.add("zpopmin", c -> zpopMinMax(c, false));
        r.add("zpopmax", c -> zpopMinMax(c, true));
        r.add("zmpop", SortedSetCommands::zmpop);
        SortedSetBlockingCommands.register(r);
        r.add("zrandmember", SortedSetCommands::zrandmember);
        r.add("zscan", SortedSetCommands::zscan);
        SortedSetRangeCommands.register(r);
        SortedSetSetOpCommands.register(r);
    }

    static void notify(Ctx c, int type, String event, byte[] key) {
        c.server.notifications().notify(type, event, key, c.db().id);
    }

    /** Deletes the key if the set became empty (firing {@code del}); true if deleted. */
    static boolean deleteIfEmpty(Ctx c, byte[] key, RedisZSet z) {
        if (z.size() != 0) return false;
        c.db().delete(key);
        notify(c, Notifications.GENERIC, "del", key);
        return true;
    }

    /**
     * ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member ... and ZINCRBY (INCR implied). Options come
     * first, in any order; every score is parsed before anything changes, so the command applies
     * fully or not at all. Replies the number added (with CH: added or updated), or under INCR the
     * new score (null when NX/XX/GT/LT prevented the change).
     */
    static void zadd(Ctx c, int flags) {
        byte[] key = c.arg(1);
        boolean ch = false;
        int idx = 2;
        for (; idx < c.argc(); idx++) {
            if (c.is(idx, "nx")) flags |= RedisZSet.IN_NX;
            else if (c.is(idx, "xx")) flags |= RedisZSet.IN_XX;
            else if (c.is(idx, "ch")) ch = true;
            else if (c.is(idx, "incr")) flags |= RedisZSet.IN_INCR;
            else if (c.is(idx, "gt")) flags |= RedisZSet.IN_GT;
            else if (c.is(idx, "lt")) flags |= RedisZSet.IN_LT;
            else break;
        }
        boolean incr = (flags & RedisZSet.IN_INCR) != 0;
        boolean nx = (flags & RedisZSet.IN_NX) != 0;
        boolean xx = (flags & RedisZSet.IN_XX) != 0;
        boolean gt = (flags & RedisZSet.IN_GT) != 0;
        boolean lt = (flags & RedisZSet.IN_LT) != 0;
        int elements = c.argc() - idx;
        if (elements % 2 != 0 || elements == 0) throw new RedisError(Errors.SYNTAX);
        elements /= 2;
        if (nx && xx) throw new RedisError(Errors.ZADD_XX_NX);
        if ((gt && nx) || (lt && nx) || (gt && lt)) throw new RedisError(Errors.ZADD_GT_LT_NX);
        if (incr && elements > 1) throw new RedisError(Errors.ZADD_INCR_PAIRS);
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) scores[j] = c.doubleArg(idx + j * 2);

        Database db = c.db();
        long dirty0 = c.server.dirty;
        RedisZSet z = ZArgs.zset(db.lookupWrite(key));
        long maxEntries = ZArgs.maxEntries(c);
        long maxValue = ZArgs.maxValue(c);
        int added = 0;
        int updated = 0;
        int processed = 0;
        double score = 0;
        String error = null;
        if (z == null && !xx) {
            z = RedisZSet.create(maxEntries, maxValue, c.arg(idx + 1).length);
            db.add(key, z);
        }
        if (z != null) {
            double[] ns = new double[1];
            for (int j = 0; j < elements; j++) {
                int out = z.add(scores[j], c.arg(idx + 1 + j * 2), flags, ns, maxEntries, maxValue);
                if (out == RedisZSet.OUT_NAN) {
                    error = Errors.ZSCORE_NAN;
                    break;
                }
                if ((out & RedisZSet.OUT_ADDED) != 0) added++;
                if ((out & RedisZSet.OUT_UPDATED) != 0) updated++;
                if ((out & RedisZSet.OUT_NOP) == 0) processed++;
                score = ns[0];
            }
            // A new key whose only element failed stays empty: Redis would keep it, but cannot
            // reach this (NaN needs an existing member), so just drop a key that ended up empty.
            if (z.size() == 0) db.delete(key);
        }
        c.server.dirty = dirty0 + added + updated;
        if (added > 0 || updated > 0) {
            db.signalModified(key);
            c.server.dirty = dirty0 + added + updated;
            notify(c, Notifications.ZSET, incr ? "zincr" : "zadd", key);
        }
        if (error != null) {
            c.error(error);
            return;
        }
        if (incr) {
            if (processed > 0) c.out.dbl(score);
            else c.out.nullBulk();
        } else {
            c.out.integer(ch ? added + updated : added);
        }
    }

    static void zrem(Ctx c) {
        byte[] key = c.arg(1);
        RedisZSet z = ZArgs.zset(c.db().lookupWrite(key));
        if (z == null) {
            c.out.integer(0);
            return;
        }
        long dirty0 = c.server.dirty;
        int deleted = 0;
        boolean removed = false;
        for (int j = 2; j < c.argc(); j++) {
            if (z.remove(c.arg(j))) deleted++;
            if (z.size() == 0) {
                c.db().delete(key);
                removed = true;
                break;
            }
        }
        if (deleted > 0) {
            notify(c, Notifications.ZSET, "zrem", key);
            if (removed) notify(c, Notifications.GENERIC, "del", key);
            else c.db().signalModified(key);
            c.server.dirty = dirty0 + deleted;
        }
        c.out.integer(deleted);
    }

    static void zcard(Ctx c) {
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        c.out.integer(z == null ? 0 : z.size());
    }

    static void zscore(Ctx c) {
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        Double s = z == null ? null : z.score(c.arg(2));
        if (s == null) c.out.nullBulk();
        else c.out.dbl(s);
    }

    static void zmscore(Ctx c) {
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        c.out.array(c.argc() - 2);
        for (int j = 2; j < c.argc(); j++) {
            Double s = z == null ? null : z.score(c.arg(j));
            if (s == null) c.out.nullBulk();
            else c.out.dbl(s);
        }
    }

    static void zrank(Ctx c, boolean reverse) {
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        long r = z == null ? -1 : z.rank(c.arg(2), reverse);
        if (r < 0) c.out.nullBulk();
        else c.out.integer(r);
    }

    static void zcount(Ctx c) {
        ScoreRange r = ZArgs.scoreRangeOrError(c.arg(2), c.arg(3));
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        long n = 0;
        if (z != null) {
            ZSkipList.Node first = z.firstInRange(r);
            if (first != null) n = z.rankOf(z.lastInRange(r)) - z.rankOf(first) + 1;
        }
        c.out.integer(n);
    }

    static void zlexcount(Ctx c) {
        LexRange r = ZArgs.lexRangeOrError(c.arg(2), c.arg(3));
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        c.out.integer(z == null ? 0 : z.lexCount(r));
    }

    /** ZREMRANGEBYRANK (kind 0), ZREMRANGEBYSCORE (1), ZREMRANGEBYLEX (2). */
    static void zremrange(Ctx c, int kind) {
        byte[] key = c.arg(1);
        long start = 0;
        long end = 0;
        ScoreRange sr = null;
        LexRange lr = null;
        String event;
        if (kind == 0) {
            event = "zremrangebyrank";
            start = c.longArg(2);
            end = c.longArg(3);
        } else if (kind == 1) {
            event = "zremrangebyscore";
            sr = ZArgs.scoreRangeOrError(c.arg(2), c.arg(3));
        } else {
            event = "zremrangebylex";
            lr = ZArgs.lexRangeOrError(c.arg(2), c.arg(3));
        }
        RedisZSet z = ZArgs.zset(c.db().lookupWrite(key));
        if (z == null) {
            c.out.integer(0);
            return;
        }
        long deleted;
        if (kind == 0) {
            long len = z.size();
            if (start < 0) start = len + start;
            if (end < 0) end = len + end;
            if (start < 0) start = 0;
            if (start > end || start >= len) {
                c.out.integer(0);
                return;
            }
            if (end >= len) end = len - 1;
            deleted = z.removeRangeByRank(start, end);
        } else if (kind == 1) {
            deleted = z.removeRange(sr);
        } else {
            deleted = z.removeRange(lr);
        }
        if (deleted > 0) {
            long dirty0 = c.server.dirty;
            notify(c, Notifications.ZSET, event, key);
            if (z.size() == 0) {
                c.db().delete(key);
                notify(c, Notifications.GENERIC, "del", key);
            } else {
                c.db().signalModified(key);
            }
            c.server.dirty = dirty0 + deleted;
        }
        c.out.integer(deleted);
    }

    static void zpopMinMax(Ctx c, boolean max) {
        if (c.argc() > 3) throw new RedisError(Errors.SYNTAX);
        long count = -1;
        if (c.argc() == 3) count = ZArgs.rangeLong(c, 2, 0, Long.MAX_VALUE, Errors.MUST_BE_POSITIVE);
        boolean nested = c.out.protocol() > 2 && count != -1;
        pop(c, new byte[][] {c.arg(1)}, max, false, count, nested, false);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count]. */
    static void zmpop(Ctx c) {
        MpopArgs a = MpopArgs.parse(c, 1, "min", "max");
        pop(c, a.keys, a.fromEnd, true, a.count, true, true);
    }

    /**
     * Redis's genericZpopCommand: pops from the first existing key (WRONGTYPE stops the scan).
     * Shapes: ZPOPMIN/MAX flat [m, s, ...] (RESP3 with COUNT: [[m, s], ...]); ZMPOP [key, [[m, s], ...]]
     * or a null array when no key has elements.
     */
    static void pop(Ctx c, byte[][] keys, boolean max, boolean emitKey, long count, boolean nested, boolean nilWhenEmpty) {
        Database db = c.db();
        RedisZSet z = null;
        byte[] key = null;
        for (byte[] k : keys) {
            z = ZArgs.zset(db.lookupWrite(k));
            if (z != null) {
                key = k;
                break;
            }
        }
        if (z == null) {
            if (nilWhenEmpty) c.out.nullArray();
            else c.out.array(0);
            return;
        }
        if (count == 0) {
            c.out.array(0);
            return;
        }
        if (count == -1) count = 1;
        long n = Math.min(count, z.size());
        // ZMPOP/BZMPOP reach replicas as ZPOPMIN/ZPOPMAX key <popped>
        if (nested && emitKey && Propagation.wanted(c)) Propagation.as(c, Propagation.cmd(max ? "ZPOPMAX" : "ZPOPMIN", key, Long.toString(n)));
        if (!nested && !emitKey) {
            c.out.array((int) (n * 2));
        } else if (nested && !emitKey) {
            c.out.array((int) n);
        } else if (!nested) {
            c.out.array((int) (n * 2 + 1));
            c.out.bulk(key);
        } else {
            c.out.array(2);
            c.out.bulk(key);
            c.out.array((int) n);
        }
        long dirty0 = c.server.dirty;
        for (long i = 0; i < n; i++) {
            ZSkipList.Node node = max ? z.list().last() : z.list().first();
            z.remove(node.member);
            if (i == 0) notify(c, Notifications.ZSET, max ? "zpopmax" : "zpopmin", key);
            if (nested) c.out.array(2);
            c.out.bulk(node.member);
            c.out.dbl(node.score);
        }
        if (z.size() == 0) {
            db.delete(key);
            notify(c, Notifications.GENERIC, "del", key);
        } else {
            db.signalModified(key);
        }
        c.server.dirty = dirty0 + n;
    }

    /** ZRANDMEMBER key [count [WITHSCORES]]. */
    static void zrandmember(Ctx c) {
        if (c.argc() >= 3) {
            long l = ZArgs.rangeLong(c, 2, -Long.MAX_VALUE, Long.MAX_VALUE, null);
            boolean withScores = false;
            if (c.argc() > 4 || (c.argc() == 4 && !c.is(3, "withscores"))) {
                throw new RedisError(Errors.SYNTAX);
            } else if (c.argc() == 4) {
                withScores = true;
                if (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2) throw new RedisError(Errors.VALUE_OUT_OF_RANGE);
            }
            randWithCount(c, l, withScores);
            return;
        }
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        if (z == null) {
            c.out.nullBulk();
            return;
        }
        c.out.bulk(z.random(c.server.random()).member);
    }

    private static void randWithCount(Ctx c, long l, boolean withScores) {
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        if (z == null) {
            c.out.array(0);
            return;
        }
        long size = z.size();
        boolean uniq = l >= 0;
        long count = uniq ? l : -l;
        if (count == 0) {
            c.out.array(0);
            return;
        }
        var rnd = c.server.random();
        // Negative count (or 1): independent draws, repetitions allowed.
        if (!uniq || count == 1) {
            ZArgs.pairsHeader(c.out, count, withScores);
            for (long i = 0; i < count; i++) ZArgs.replyPair(c.out, z.random(rnd), withScores);
            return;
        }
        // Asking for at least the whole set: all of it, highest first (Redis iterates from the tail).
        if (count >= size) {
            ZArgs.pairsHeader(c.out, size, withScores);
            for (ZSkipList.Node n = z.list().last(); n != null; n = n.prev()) ZArgs.replyPair(c.out, n, withScores);
            return;
        }
        // Distinct members: a partial Fisher-Yates shuffle of the nodes.
        List<ZSkipList.Node> all = new ArrayList<>((int) size);
        for (ZSkipList.Node n = z.list().first(); n != null; n = n.next()) all.add(n);
        ZArgs.pairsHeader(c.out, count, withScores);
        for (int i = 0; i < count; i++) {
            int j = i + rnd.nextInt((int) size - i);
            ZSkipList.Node t = all.get(j);
            all.set(j, all.get(i));
            all.set(i, t);
            ZArgs.replyPair(c.out, t, withScores);
        }
    }

    /** ZSCAN key cursor [MATCH pattern] [COUNT count]: member, score pairs. */
    static void zscan(Ctx c) {
        long cursor = ZArgs.scanCursor(c.arg(2));
        RedisZSet z = ZArgs.zset(c.db().lookupRead(c.arg(1), c.client));
        if (z == null) {
            c.out.array(2);
            c.out.bulk("0");
            c.out.array(0);
            return;
        }
        long count = 10;
        byte[] pattern = null;
        for (int i = 3; i < c.argc(); i++) {
            int left = c.argc() - i;
            if (c.is(i, "count") && left >= 2) {
                count = c.longArg(i + 1);
                if (count < 1) throw new RedisError(Errors.SYNTAX);
                i++;
            } else if (c.is(i, "match") && left >= 2) {
                byte[] p = c.arg(i + 1);
                pattern = p.length == 1 && p[0] == '*' ? null : p;
                i++;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        List<byte[]> members = new ArrayList<>();
        List<String> scores = new ArrayList<>();
        int perCall = (int) Math.min(count, Integer.MAX_VALUE / 20);
        long next = z.scan(cursor, perCall, (m, s) -> {
            members.add(m);
            scores.add(s);
        });
        byte[] pat = pattern;
        int kept = 0;
        boolean[] keep = new boolean[members.size()];
        for (int i = 0; i < members.size(); i++) {
            keep[i] = pat == null || Glob.match(pat, members.get(i), false);
            if (keep[i]) kept++;
        }
        c.out.array(2);
        c.out.bulk(Long.toUnsignedString(next));
        c.out.array(kept * 2);
        for (int i = 0; i < members.size(); i++) {
            if (!keep[i]) continue;
            c.out.bulk(members.get(i));
            c.out.bulk(scores.get(i));
        }
    }
}

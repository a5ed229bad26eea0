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
import java.util.ArrayList;
import java.util.List;

/**
 * ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGESTORE and the older forms ZREVRANGE,
 * ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX, all through one parser as in Redis:
 * the older forms fix the range type and direction, so their extra tokens are syntax errors.
 */
public final class SortedSetRangeCommands {
    private SortedSetRangeCommands() {}

    static final int AUTO = 0;
    static final int RANK = 1;
    static final int SCORE = 2;
    static final int LEX = 3;
    static final int FORWARD = 1;
    static final int REVERSE = 2;

    public static void register(CommandRegistry r) {
        r.add("zrange", c -> range(c, 1, false, AUTO, AUTO));
        r.add("zrangestore", c -> range(c, 2, true, AUTO, AUTO));
        r.add("zrevrange", c -> range(c, 1, false, RANK, REVERSE));
        r.add("zrangebyscore", c -> range(c, 1, false, SCORE, FORWARD));
        r.add("zrevrangebyscore", c -> range(c, 1, false, SCORE, REVERSE));
        r.add("zrangebylex", c -> range(c, 1, false, LEX, FORWARD));
        r.add("zrevrangebylex", c -> range(c, 1, false, LEX, REVERSE));
    }

    /** Redis's zrangeGenericCommand: {@code <src> <min> <max> [BYSCORE|BYLEX] [REV] [WITHSCORES] [LIMIT offset count]}. */
    static void range(Ctx c, int argStart, boolean store, int type, int direction) {
        byte[] key = c.arg(argStart);
        int minIdx = argStart + 1;
        int maxIdx = argStart + 2;
        boolean withScores = false;
        long offset = 0;
        long limit = -1;
        for (int j = argStart + 3; j < c.argc(); j++) {
            int left = c.argc() - j - 1;
            if (!store && c.is(j, "withscores")) {
                withScores = true;
            } else if (c.is(j, "limit") && left >= 2) {
                offset = c.longArg(j + 1);
                limit = c.longArg(j + 2);
                j += 2;
            } else if (direction == AUTO && c.is(j, "rev")) {
                direction = REVERSE;
            } else if (type == AUTO && c.is(j, "bylex")) {
                type = LEX;
            } else if (type == AUTO && c.is(j, "byscore")) {
                type = SCORE;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        if (direction == AUTO) direction = FORWARD;
        if (type == AUTO) type = RANK;
        if (limit != -1 && type == RANK) throw new RedisError(Errors.ZRANGE_LIMIT_RANK);
        if (withScores && type == LEX) throw new RedisError(Errors.ZRANGE_WITHSCORES_LEX);
        boolean reverse = direction == REVERSE;
        if (reverse && type != RANK) {
            int t = maxIdx; // the range is given as max, min
            maxIdx = minIdx;
            minIdx = t;
        }
        long start = 0;
        long end = 0;
        ScoreRange sr = null;
        LexRange lr = null;
        if (type == RANK) {
            start = c.longArg(minIdx);
            end = c.longArg(maxIdx);
        } else if (type == SCORE) {
            sr = ZArgs.scoreRangeOrError(c.arg(minIdx), c.arg(maxIdx));
        } else {
            lr = ZArgs.lexRangeOrError(c.arg(minIdx), c.arg(maxIdx));
        }

        RedisZSet z = ZArgs.zset(c.db().lookupRead(key, c.client));
        List<ZSkipList.Node> result = new ArrayList<>();
        if (z != null) {
            if (type == RANK) byRank(z, start, end, reverse, result);
            else if (type == SCORE) byScore(z, sr, offset, limit, reverse, result);
            else byLex(z, lr, offset, limit, reverse, result);
        }
        if (store) {
            storeResult(c, c.arg(1), result);
            return;
        }
        ZArgs.pairsHeader(c.out, result.size(), withScores);
        for (ZSkipList.Node n : result) ZArgs.replyPair(c.out, n, withScores);
    }

    private static void byRank(RedisZSet z, long start, long end, boolean reverse, List<ZSkipList.Node> out) {
        long len = z.size();
        if (start < 0) start = len + start;
        if (end < 0) end = len + end;
        if (start < 0) start = 0;
        if (start > end || start >= len) return;
        if (end >= len) end = len - 1;
        long n = end - start + 1;
        ZSkipList.Node node = z.byRank(reverse ? len - 1 - start : start);
        for (long i = 0; i < n && node != null; i++) {
            out.add(node);
            node = reverse ? node.prev() : node.next();
        }
    }

    /**
     * From the first element in range (last, if reversed), skip {@code offset} elements without
     * looking at them (a negative offset skips everything), then take up to {@code limit} (negative:
     * no limit) while they stay in range.
     */
    private static void byScore(RedisZSet z, ScoreRange r, long offset, long limit, boolean reverse, List<ZSkipList.Node> out) {
        if (offset > 0 && offset >= z.size()) return;
        ZSkipList.Node n = reverse ? z.lastInRange(r) : z.firstInRange(r);
        while (n != null && offset-- != 0) n = reverse ? n.prev() : n.next();
        while (n != null && limit-- != 0) {
            if (reverse ? !r.gteMin(n.score) : !r.lteMax(n.score)) break;
            out.add(n);
            n = reverse ? n.prev() : n.next();
        }
    }

    private static void byLex(RedisZSet z, LexRange r, long offset, long limit, boolean reverse, List<ZSkipList.Node> out) {
        ZSkipList.Node n = reverse ? z.lastInRange(r) : z.firstInRange(r);
        while (n != null && offset-- != 0) n = reverse ? n.prev() : n.next();
        while (n != null && limit-- != 0) {
            if (reverse ? !r.gteMin(n.member) : !r.lteMax(n.member)) break;
            out.add(n);
            n = reverse ? n.prev() : n.next();
        }
    }

    /**
     * ZRANGESTORE's destination: replaced by the result (listpack while it fits the thresholds), or
     * deleted when the result is empty. Replies the result's size.
     */
    private static void storeResult(Ctx c, byte[] dst, List<ZSkipList.Node> result) {
        Database db = c.db();
        long dirty0 = c.server.dirty;
        if (result.isEmpty()) {
            c.out.integer(0);
            if (db.delete(dst)) {
                SortedSetCommands.notify(c, Notifications.GENERIC, "del", dst);
                c.server.dirty = dirty0 + 1;
            }
            return;
        }
        long maxEntries = ZArgs.maxEntries(c);
        long maxValue = ZArgs.maxValue(c);
        RedisZSet d = result.size() > maxEntries ? RedisZSet.skiplist() : RedisZSet.listpack();
        for (ZSkipList.Node n : result) d.add(n.score, n.member, 0, null, maxEntries, maxValue);
        db.put(dst, d);
        c.out.integer(result.size());
        SortedSetCommands.notify(c, Notifications.ZSET, "zrangestore", dst);
        c.server.dirty = dirty0 + 1;
    }
}

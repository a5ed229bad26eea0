package dev.emredis.internal.commands;

import dev.emredis.internal.command.CommandRegistry;
import dev.emredis.internal.command.Ctx;
import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.Notifications;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisSet;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.keyspace.ZSkipList;
import dev.emredis.internal.server.ByteKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis's zunionInterDiffGenericCommand).
 * Inputs may be sorted sets or plain sets (every member scoring 1); missing keys are empty.
 * WEIGHTS multiply each input's scores, AGGREGATE SUM|MIN|MAX combines them (a SUM of +inf and
 * -inf, and an initial weight*score that is NaN, count as 0). Inputs are visited from the smallest
 * to the largest (stable order for equal sizes), which fixes the order of floating point sums.
 */
public final class SortedSetSetOpCommands {
    private SortedSetSetOpCommands() {}

    static final int UNION = 0;
    static final int INTER = 1;
    static final int DIFF = 2;
    static final int SUM = 0;
    static final int MIN = 1;
    static final int MAX = 2;

    public static void register(CommandRegistry r) {
        r.add("zunion", c -> generic(c, false, 1, UNION, false));
        r.add("zinter", c -> generic(c, false, 1, INTER, false));
        r.add("zdiff", c -> generic(c, false, 1, DIFF, false));
        r.add("zintercard", c -> generic(c, false, 1, INTER, true));
        r.add("zunionstore", c -> generic(c, true, 2, UNION, false));
        r.add("zinterstore", c -> generic(c, true, 2, INTER, false));
        r.add("zdiffstore", c -> generic(c, true, 2, DIFF, false));
    }

    /** One input: a sorted set, a plain set (scores 1), or nothing (missing key). */
    static final class Src {
        final RedisZSet zset;
        final RedisSet set;
        double weight = 1;

        Src(RedisZSet zset, RedisSet set) {
            this.zset = zset;
            this.set = set;
        }

        long size() {
            if (zset != null) return zset.size();
            if (set != null) return set.size();
            return 0;
        }

        /** The member's score in this input, null if absent. */
        Double find(byte[] m) {
            if (zset != null) return zset.score(m);
            if (set != null) return set.contains(m) ? 1.0 : null;
            return null;
        }

        void forEach(BiConsumer<byte[], Double> f) {
            if (zset != null) {
                for (ZSkipList.Node n = zset.list().last(); n != null; n = n.prev()) f.accept(n.member, n.score);
            } else if (set != null) {
                set.forEach(m -> f.accept(m, 1.0));
            }
        }

        Object subject() {
            return zset != null ? zset : set;
        }
    }

    static Src source(RedisObject o) {
        if (o == null) return new Src(null, null);
        if (o instanceof RedisZSet) return new Src((RedisZSet) o, null);
        if (o instanceof RedisSet) return new Src(null, (RedisSet) o);
        throw new RedisError(Errors.WRONGTYPE);
    }

    static void generic(Ctx c, boolean store, int numkeysIdx, int op, boolean cardOnly) {
        long setnum = c.longArg(numkeysIdx);
        if (setnum < 1) throw new RedisError(Errors.atLeastOneKey(c.spec.name));
        if (setnum > c.argc() - (numkeysIdx + 1)) throw new RedisError(Errors.SYNTAX);
        Database db = c.db();
        Src[] src = new Src[(int) setnum];
        int j = numkeysIdx + 1;
        for (int i = 0; i < setnum; i++, j++) src[i] = source(db.lookupRead(c.arg(j), c.client));
        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        int remaining = c.argc() - j;
        while (remaining > 0) {
            if (op != DIFF && !cardOnly && remaining >= setnum + 1 && c.is(j, "weights")) {
                j++;
                remaining--;
                for (int i = 0; i < setnum; i++, j++, remaining--) {
                    Double w = dev.emredis.internal.util.Num.parseDouble(c.arg(j));
                    if (w == null) throw new RedisError(Errors.WEIGHT_NOT_FLOAT);
                    src[i].weight = w;
                }
            } else if (op != DIFF && !cardOnly && remaining >= 2 && c.is(j, "aggregate")) {
                j++;
                remaining--;
                if (c.is(j, "sum")) aggregate = SUM;
                else if (c.is(j, "min")) aggregate = MIN;
                else if (c.is(j, "max")) aggregate = MAX;
                else throw new RedisError(Errors.SYNTAX);
                j++;
                remaining--;
            } else if (remaining >= 1 && !store && !cardOnly && c.is(j, "withscores")) {
                j++;
                remaining--;
                withScores = true;
            } else if (cardOnly && remaining >= 2 && c.is(j, "limit")) {
                j++;
                remaining--;
                limit = ZArgs.rangeLong(c, j, 0, Long.MAX_VALUE, Errors.LIMIT_NEGATIVE);
                j++;
                remaining--;
            } else {
                throw new RedisError(Errors.SYNTAX);
            }
        }
        if (op != DIFF) Arrays.sort(src, (a, b) -> Long.compare(a.size(), b.size())); // stable

        RedisZSet dst = RedisZSet.skiplist();
        long[] maxLen = {0};
        long cardinality = 0;
        if (op == INTER) {
            if (src[0].size() > 0) {
                long[] card = {0};
                final int agg = aggregate;
                final long lim = limit;
                // Iterate a snapshot: the first input may also be the destination.
                List<Object[]> firstElems = new ArrayList<>();
                src[0].forEach((m, s) -> firstElems.add(new Object[] {m, s}));
                for (Object[] e : firstElems) {
                    byte[] m = (byte[]) e[0];
                    double s0 = (Double) e[1];
                    double score = src[0].weight * s0;
                    if (Double.isNaN(score)) score = 0;
                    int k;
                    for (k = 1; k < setnum; k++) {
                        Double v;
                        if (src[k].subject() == src[0].subject()) v = s0;
                        else v = src[k].find(m);
                        if (v == null) break;
                        score = aggregate(score, v * src[k].weight, agg);
                    }
                    if (k != setnum) continue;
                    if (cardOnly) {
                        card[0]++;
                        if (lim != 0 && card[0] >= lim) break;
                    } else {
                        dst.insertNew(score, m.clone());
                        maxLen[0] = Math.max(maxLen[0], m.length);
                    }
                }
                cardinality = card[0];
            }
        } else if (op == UNION) {
            Map<ByteKey, double[]> acc = new HashMap<>();
            List<byte[]> order = new ArrayList<>();
            for (Src s : src) {
                if (s.size() == 0) continue;
                final int agg = aggregate;
                s.forEach((m, sc) -> {
                    double score = s.weight * sc;
                    if (Double.isNaN(score)) score = 0;
                    ByteKey k = new ByteKey(m);
                    double[] cur = acc.get(k);
                    if (cur == null) {
                        acc.put(k, new double[] {score});
                        order.add(m);
                        maxLen[0] = Math.max(maxLen[0], m.length);
                    } else {
                        cur[0] = aggregate(cur[0], score, agg);
                    }
                });
            }
            for (byte[] m : order) dst.insertNew(acc.get(new ByteKey(m))[0], m.clone());
        } else {
            if (src[0].size() > 0) {
                List<Object[]> firstElems = new ArrayList<>();
                src[0].forEach((m, s) -> firstElems.add(new Object[] {m, s}));
                outer:
                for (Object[] e : firstElems) {
                    byte[] m = (byte[]) e[0];
                    for (int k = 1; k < setnum; k++) {
                        if (src[k].subject() == src[0].subject() || src[k].find(m) != null) continue outer;
                    }
                    dst.insertNew((Double) e[1], m.clone());
                    maxLen[0] = Math.max(maxLen[0], m.length);
                }
            }
        }

        if (store) {
            byte[] dstKey = c.arg(1);
            long dirty0 = c.server.dirty;
            if (dst.size() > 0) {
                dst.convertToListpackIfFits(ZArgs.maxEntries(c), ZArgs.maxValue(c), maxLen[0]);
                db.put(dstKey, dst);
                c.out.integer(dst.size());
                SortedSetCommands.notify(c, Notifications.ZSET,
                        op == UNION ? "zunionstore" : op == INTER ? "zinterstore" : "zdiffstore", dstKey);
                c.server.dirty = dirty0 + 1;
            } else {
                c.out.integer(0);
                if (db.delete(dstKey)) {
                    SortedSetCommands.notify(c, Notifications.GENERIC, "del", dstKey);
                    c.server.dirty = dirty0 + 1;
                }
            }
        } else if (cardOnly) {
            c.out.integer(cardinality);
        } else {
            ZArgs.pairsHeader(c.out, dst.size(), withScores);
            for (ZSkipList.Node n = dst.list().first(); n != null; n = n.next()) ZArgs.replyPair(c.out, n, withScores);
        }
    }

    /** Redis's zunionInterAggregate. */
    static double aggregate(double target, double val, int aggregate) {
        if (aggregate == SUM) {
            double r = target + val;
            return Double.isNaN(r) ? 0.0 : r;
        } else if (aggregate == MIN) {
            return val < target ? val : target;
        } else {
            return val > target ? val : target;
        }
    }
}

package dev.emredis.internal.keyspace;

import dev.emredis.internal.util.Num;
import java.util.function.BiConsumer;

/**
 * A sorted set: a {@link ZSkipList} for order and ranks plus a {@link Dict} from member to its
 * node for O(1) score lookups (and ZSCAN's reverse-binary cursor). The structure is the same for
 * both encodings; {@code listpack} only records what Redis would report and how it would behave
 * (ZSCAN returns a listpack whole). Like Redis, a set starts as listpack and turns into skiplist,
 * one way, once it holds more than {@code zset-max-listpack-entries} elements or a member longer
 * than {@code zset-max-listpack-value} bytes.
 */
public final class RedisZSet extends RedisObject {
    // ZADD input flags and zsetAdd output flags, as in Redis.
    public static final int IN_INCR = 1;
    public static final int IN_NX = 1 << 1;
    public static final int IN_XX = 1 << 2;
    public static final int IN_GT = 1 << 3;
    public static final int IN_LT = 1 << 4;
    public static final int OUT_NOP = 1;
    public static final int OUT_NAN = 1 << 1;
    public static final int OUT_ADDED = 1 << 2;
    public static final int OUT_UPDATED = 1 << 3;

    private final ZSkipList zsl = new ZSkipList();
    private final Dict<ZSkipList.Node> dict = new Dict<>();
    private boolean listpack;

    private RedisZSet(boolean listpack) {
        this.listpack = listpack;
    }

    /** A new empty set encoded as Redis would for a first member of {@code firstLen} bytes. */
    public static RedisZSet create(long maxEntries, long maxValue, int firstLen) {
        return new RedisZSet(maxEntries != 0 && firstLen <= maxValue);
    }

    public static RedisZSet listpack() {
        return new RedisZSet(true);
    }

    public static RedisZSet skiplist() {
        return new RedisZSet(false);
    }

    @Override
    public String type() {
        return "zset";
    }

    @Override
    public String encoding() {
        return listpack ? "listpack" : "skiplist";
    }

    public boolean isListpack() {
        return listpack;
    }

    public int size() {
        return dict.size();
    }

    public ZSkipList list() {
        return zsl;
    }

    /** The score of a member, null if absent. */
    public Double score(byte[] member) {
        ZSkipList.Node n = dict.get(member);
        return n == null ? null : n.score;
    }

    public ZSkipList.Node node(byte[] member) {
        return dict.get(member);
    }

    /**
     * Redis's zsetAdd: adds or updates one member under the ZADD flags; returns OUT_* flags.
     * {@code newScore[0]} receives the resulting score when the member was added or updated (or
     * kept under INCR). NaN (given or produced by INCR) answers OUT_NAN and changes nothing.
     */
    public int add(double score, byte[] member, int flags, double[] newScore, long maxEntries, long maxValue) {
        boolean incr = (flags & IN_INCR) != 0;
        boolean nx = (flags & IN_NX) != 0;
        boolean xx = (flags & IN_XX) != 0;
        boolean gt = (flags & IN_GT) != 0;
        boolean lt = (flags & IN_LT) != 0;
        if (Double.isNaN(score)) return OUT_NAN;
        ZSkipList.Node n = dict.get(member);
        if (n != null) {
            if (nx) return OUT_NOP;
            double cur = n.score;
            if (incr) {
                score += cur;
                if (Double.isNaN(score)) return OUT_NAN;
            }
            if ((lt && score >= cur) || (gt && score <= cur)) return OUT_NOP;
            if (newScore != null) newScore[0] = score;
            if (score != cur) {
                ZSkipList.Node moved = zsl.updateScore(cur, member, stored(score));
                if (moved != n) dict.put(moved.member, moved);
                return OUT_UPDATED;
            }
            return 0;
        }
        if (xx) return OUT_NOP;
        if (listpack && (dict.size() + 1 > maxEntries || member.length > maxValue)) listpack = false;
        byte[] m = member.clone();
        dict.put(m, zsl.insert(stored(score), m));
        if (newScore != null) newScore[0] = score;
        return OUT_ADDED;
    }

    /** Adds a member known to be absent, without encoding checks (building results). */
    public void insertNew(double score, byte[] member) {
        dict.put(member, zsl.insert(stored(score), member));
    }

    /**
     * A listpack keeps an integral score in [-LLONG_MAX/2, LLONG_MAX/2] as an integer entry, so
     * -0 comes back as 0; a skiplist keeps the double as is.
     */
    private double stored(double s) {
        return listpack && s == 0 ? 0.0 : s;
    }

    /**
     * How a listpack holds a score as text (ZSCAN shows it): integral values within
     * [-LLONG_MAX/2, LLONG_MAX/2] as integers, the rest as %.17g (inf, -inf).
     */
    public static String listpackScore(double d) {
        if (d >= (double) (-Long.MAX_VALUE / 2) && d <= (double) (Long.MAX_VALUE / 2)) {
            long l = (long) d;
            if (l == d) return Long.toString(l);
        }
        return Num.g17(d);
    }

    public boolean remove(byte[] member) {
        Dict.Entry<ZSkipList.Node> e = dict.remove(member);
        if (e == null) return false;
        zsl.delete(e.value.score, e.value.member);
        return true;
    }

    /** 0-based rank of a member from the low (or high) end, -1 if absent. */
    public long rank(byte[] member, boolean reverse) {
        ZSkipList.Node n = dict.get(member);
        if (n == null) return -1;
        long r = zsl.rank(n.score, n.member);
        return reverse ? zsl.length() - r : r - 1;
    }

    /** The element at a 0-based rank. */
    public ZSkipList.Node byRank(long rank0) {
        return zsl.byRank(rank0 + 1);
    }

    /** 0-based rank of a node in the set. */
    public long rankOf(ZSkipList.Node n) {
        return zsl.rank(n.score, n.member) - 1;
    }

    public ZSkipList.Node firstInRange(ScoreRange r) {
        if (r.emptyByDefinition()) return null;
        ZSkipList.Node n = zsl.firstAtLeast(r);
        return n != null && r.lteMax(n.score) ? n : null;
    }

    public ZSkipList.Node lastInRange(ScoreRange r) {
        if (r.emptyByDefinition()) return null;
        ZSkipList.Node n = zsl.lastAtMost(r);
        return n != null && r.gteMin(n.score) ? n : null;
    }

    /**
     * Lex ranges assume equal scores; with mixed scores the answer depends on how Redis searches,
     * so this follows it: nothing unless the last member is >= min and the first is <= max; then a
     * listpack is scanned linearly (first member >= min, it must be <= max), a skiplist searched
     * through its levels.
     */
    private boolean inLexRange(LexRange r) {
        if (r.emptyByDefinition() || zsl.length() == 0) return false;
        return r.gteMin(zsl.last().member) && r.lteMax(zsl.first().member);
    }

    public ZSkipList.Node firstInRange(LexRange r) {
        if (!inLexRange(r)) return null;
        ZSkipList.Node n;
        if (listpack) {
            n = zsl.first();
            while (n != null && !r.gteMin(n.member)) n = n.next();
        } else {
            n = zsl.firstAtLeast(r);
        }
        return n != null && r.lteMax(n.member) ? n : null;
    }

    public ZSkipList.Node lastInRange(LexRange r) {
        if (!inLexRange(r)) return null;
        ZSkipList.Node n;
        if (listpack) {
            n = zsl.last();
            while (n != null && !r.lteMax(n.member)) n = n.prev();
        } else {
            n = zsl.lastAtMost(r);
        }
        return n != null && r.gteMin(n.member) ? n : null;
    }

    /** ZLEXCOUNT as Redis computes it (a walk in a listpack, rank arithmetic in a skiplist). */
    public long lexCount(LexRange r) {
        ZSkipList.Node first = firstInRange(r);
        if (first == null) return 0;
        if (listpack) {
            long n = 0;
            for (ZSkipList.Node x = first; x != null && r.lteMax(x.member); x = x.next()) n++;
            return n;
        }
        long len = zsl.length();
        long count = len - rankOf(first);
        ZSkipList.Node last = lastInRange(r);
        if (last != null) count -= len - (rankOf(last) + 1);
        return count;
    }

    /** Removes 0-based ranks start..end (already clamped); returns how many. */
    public long removeRangeByRank(long start, long end) {
        return zsl.deleteRangeByRank(start + 1, end + 1, dict::remove);
    }

    public long removeRange(ScoreRange r) {
        ZSkipList.Node first = firstInRange(r);
        return first == null ? 0 : zsl.deleteRun(first, n -> r.lteMax(n.score), dict::remove);
    }

    /** ZREMRANGEBYLEX: a skiplist deletes from the first member >= min without Redis's head/tail check. */
    public long removeRange(LexRange r) {
        ZSkipList.Node first = listpack ? firstInRange(r) : zsl.firstAtLeast(r);
        return first == null ? 0 : zsl.deleteRun(first, n -> r.lteMax(n.member), dict::remove);
    }

    /** Redis's zsetConvertToListpackIfNeeded for computed results (ZUNIONSTORE...). */
    public void convertToListpackIfFits(long maxEntries, long maxValue, long maxElementLen) {
        if (!listpack && size() <= maxEntries && maxElementLen <= maxValue) {
            listpack = true;
            for (ZSkipList.Node n = zsl.first(); n != null; n = n.next()) if (n.score == 0) n.score = 0.0;
        }
    }

    /** Forces the skiplist encoding (a result Redis built as skiplist from the start). */
    public void convertToSkiplist() {
        listpack = false;
    }

    /**
     * One ZSCAN step: a listpack gives everything at once (next cursor 0); a skiplist walks its
     * dict with the reverse-binary cursor. The visitor gets member and score.
     */
    public long scan(long cursor, int count, BiConsumer<byte[], String> f) {
        if (listpack) {
            for (ZSkipList.Node n = zsl.first(); n != null; n = n.next()) f.accept(n.member, listpackScore(n.score));
            return 0;
        }
        long[] got = {0};
        long maxIterations = (long) count * 20; // Redis: ten times COUNT, counted in key+value items
        do {
            cursor = dict.scan(cursor, e -> {
                f.accept(e.key, Num.g17(e.value.score));
                got[0]++;
            });
        } while (cursor != 0 && maxIterations-- > 0 && got[0] < count);
        return cursor;
    }

    /** A uniformly random member's node (ZRANDMEMBER). */
    public ZSkipList.Node random(java.util.random.RandomGenerator rnd) {
        Dict.Entry<ZSkipList.Node> e = dict.randomEntry(rnd);
        return e == null ? null : e.value;
    }

    @Override
    public long memoryUsage(long samples) {
        if (listpack) {
            long bytes = 7;
            for (ZSkipList.Node n = zsl.first(); n != null; n = n.next()) {
                bytes += MemorySizes.listpackEntry(n.member) + MemorySizes.listpackEntry(listpackScore(n.score).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            return 16 + MemorySizes.jemalloc(bytes);
        }
        // robj + zset + zskiplist + dict + bucket array + skiplist header node (32 levels)
        long size = 16 + 16 + 32 + 56 + 8L * dict.buckets() + 640;
        long seen = 0;
        long eleSize = 0;
        for (ZSkipList.Node n = zsl.first(); n != null && seen < samples; n = n.next()) {
            eleSize += MemorySizes.sds(n.member.length) + 24 + MemorySizes.jemalloc(24 + 16L * n.forward.length);
            seen++;
        }
        if (seen > 0) size += (long) ((double) eleSize / seen * size());
        return size;
    }

    @Override
    public RedisObject copy() {
        RedisZSet z = new RedisZSet(listpack);
        for (ZSkipList.Node n = zsl.first(); n != null; n = n.next()) z.insertNew(n.score, n.member);
        return z;
    }
}

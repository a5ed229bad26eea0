package dev.emredis.internal.keyspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sorted set structure against a plain sorted list, under random operations. */
class RedisZSetTest {
    /** Reference: members and scores kept in a list sorted the way Redis sorts (score, then bytes). */
    private static final class Ref {
        final Map<String, Double> scores = new HashMap<>();

        List<String> ordered() {
            List<String> l = new ArrayList<>(scores.keySet());
            l.sort((a, b) -> {
                double x = scores.get(a);
                double y = scores.get(b);
                if (x < y) return -1;
                if (x > y) return 1;
                return ZSkipList.compareMembers(bytes(a), bytes(b));
            });
            return l;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String str(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static List<String> contents(RedisZSet z) {
        List<String> l = new ArrayList<>();
        for (ZSkipList.Node n = z.list().first(); n != null; n = n.next()) l.add(str(n.member));
        return l;
    }

    private static List<String> backwards(RedisZSet z) {
        List<String> l = new ArrayList<>();
        for (ZSkipList.Node n = z.list().last(); n != null; n = n.prev()) l.add(0, str(n.member));
        return l;
    }

    @Test
    void randomOperationsMatchTheReference() {
        SplittableRandom rnd = new SplittableRandom(1234);
        for (int round = 0; round < 20; round++) {
            RedisZSet z = RedisZSet.skiplist();
            Ref ref = new Ref();
            for (int op = 0; op < 1500; op++) {
                String m = "m" + rnd.nextInt(300);
                // few distinct scores, so ties ordered by member are common; some -0 and infinities
                double score = switch (rnd.nextInt(10)) {
                    case 0 -> Double.NEGATIVE_INFINITY;
                    case 1 -> Double.POSITIVE_INFINITY;
                    case 2 -> -0.0;
                    default -> rnd.nextInt(20) - 5;
                };
                int kind = rnd.nextInt(10);
                if (kind < 5) {
                    int out = z.add(score, bytes(m), 0, null, 128, 64);
                    Double cur = ref.scores.get(m);
                    assertThat((out & RedisZSet.OUT_ADDED) != 0).isEqualTo(cur == null);
                    assertThat((out & RedisZSet.OUT_UPDATED) != 0).isEqualTo(cur != null && cur != score);
                    if (cur == null || cur != score) ref.scores.put(m, score); // 0 and -0 are the same score
                } else if (kind < 7) {
                    assertThat(z.remove(bytes(m))).isEqualTo(ref.scores.remove(m) != null);
                } else if (kind == 7) {
                    double[] ns = new double[1];
                    int out = z.add(score, bytes(m), RedisZSet.IN_INCR, ns, 128, 64);
                    Double cur = ref.scores.get(m);
                    double expected = cur == null ? score : cur + score;
                    if (Double.isNaN(expected)) {
                        assertThat(out).isEqualTo(RedisZSet.OUT_NAN);
                    } else {
                        if (cur == null || cur != expected) ref.scores.put(m, expected);
                        assertThat(ns[0] == expected).isTrue();
                    }
                } else if (kind == 8) {
                    List<String> o = ref.ordered();
                    if (!o.isEmpty()) {
                        long start = rnd.nextInt(o.size());
                        long end = Math.min(o.size() - 1, start + rnd.nextInt(5));
                        assertThat(z.removeRangeByRank(start, end)).isEqualTo(end - start + 1);
                        for (long i = start; i <= end; i++) ref.scores.remove(o.get((int) i));
                    }
                } else {
                    double a = rnd.nextInt(20) - 5;
                    double b = a + rnd.nextInt(4);
                    boolean ax = rnd.nextBoolean();
                    boolean bx = rnd.nextBoolean();
                    ScoreRange r = new ScoreRange(a, ax, b, bx);
                    List<String> gone = new ArrayList<>();
                    for (Map.Entry<String, Double> e : ref.scores.entrySet()) {
                        if (r.gteMin(e.getValue()) && r.lteMax(e.getValue())) gone.add(e.getKey());
                    }
                    assertThat(z.removeRange(r)).isEqualTo(gone.size());
                    gone.forEach(ref.scores::remove);
                }
                if (op % 50 == 0) check(z, ref, rnd);
            }
            check(z, ref, rnd);
        }
    }

    private static void check(RedisZSet z, Ref ref, SplittableRandom rnd) {
        List<String> o = ref.ordered();
        assertThat(z.size()).isEqualTo(o.size());
        assertThat(z.list().length()).isEqualTo(o.size());
        assertThat(contents(z)).isEqualTo(o);
        assertThat(backwards(z)).isEqualTo(o);
        for (int i = 0; i < o.size(); i++) {
            String m = o.get(i);
            assertThat(z.rank(bytes(m), false)).isEqualTo(i);
            assertThat(z.rank(bytes(m), true)).isEqualTo(o.size() - 1 - i);
            assertThat(str(z.byRank(i).member)).isEqualTo(m);
            assertThat(z.score(bytes(m))).isEqualTo(ref.scores.get(m));
        }
        assertThat(z.byRank(o.size())).isNull();
        assertThat(z.rank(bytes("absent"), false)).isEqualTo(-1);
        for (int k = 0; k < 20; k++) {
            double a = rnd.nextInt(24) - 7;
            double b = a + rnd.nextInt(6) - 1;
            ScoreRange r = new ScoreRange(a, rnd.nextBoolean(), b, rnd.nextBoolean());
            List<String> in = new ArrayList<>();
            for (String m : o) if (r.gteMin(ref.scores.get(m)) && r.lteMax(ref.scores.get(m))) in.add(m);
            ZSkipList.Node first = z.firstInRange(r);
            ZSkipList.Node last = z.lastInRange(r);
            if (in.isEmpty()) {
                assertThat(first).isNull();
                assertThat(last).isNull();
            } else {
                assertThat(str(first.member)).isEqualTo(in.get(0));
                assertThat(str(last.member)).isEqualTo(in.get(in.size() - 1));
                assertThat(z.rankOf(last) - z.rankOf(first) + 1).isEqualTo(in.size());
            }
        }
    }

    @Test
    void lexRangesOnEqualScores() {
        RedisZSet lp = RedisZSet.listpack();
        RedisZSet sl = RedisZSet.skiplist();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 200; i++) members.add(String.format("w%03d", i));
        for (String m : members) {
            lp.add(0, bytes(m), 0, null, 1000, 64);
            sl.add(0, bytes(m), 0, null, 1000, 64);
        }
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < 500; k++) {
            byte[] a = rnd.nextInt(10) == 0 ? LexRange.MIN : bytes(String.format("w%03d", rnd.nextInt(210)));
            byte[] b = rnd.nextInt(10) == 0 ? LexRange.MAX : bytes(String.format("w%03d", rnd.nextInt(210)));
            LexRange r = new LexRange(a, rnd.nextBoolean(), b, rnd.nextBoolean());
            List<String> in = new ArrayList<>();
            for (String m : members) if (r.gteMin(bytes(m)) && r.lteMax(bytes(m))) in.add(m);
            for (RedisZSet z : List.of(lp, sl)) {
                assertThat(z.lexCount(r)).isEqualTo(in.size());
                ZSkipList.Node first = z.firstInRange(r);
                if (in.isEmpty()) assertThat(first).isNull();
                else assertThat(str(first.member)).isEqualTo(in.get(0));
            }
        }
    }

    @Test
    void encodingFollowsTheThresholdsOneWay() {
        RedisZSet z = RedisZSet.create(3, 5, 1);
        assertThat(z.encoding()).isEqualTo("listpack");
        for (String m : new String[] {"a", "b", "c"}) z.add(1, bytes(m), 0, null, 3, 5);
        assertThat(z.encoding()).isEqualTo("listpack");
        z.add(1, bytes("d"), 0, null, 3, 5);
        assertThat(z.encoding()).isEqualTo("skiplist");
        z.remove(bytes("d"));
        z.remove(bytes("c"));
        assertThat(z.encoding()).isEqualTo("skiplist");
        RedisZSet v = RedisZSet.create(3, 5, 1);
        v.add(1, bytes("abcdef"), 0, null, 3, 5);
        assertThat(v.encoding()).isEqualTo("skiplist");
        assertThat(RedisZSet.create(0, 5, 1).encoding()).isEqualTo("skiplist");
        assertThat(RedisZSet.create(3, 5, 6).encoding()).isEqualTo("skiplist");
        // updates and XX/NX no-ops do not convert
        RedisZSet w = RedisZSet.create(1, 64, 1);
        w.add(1, bytes("a"), 0, null, 1, 64);
        w.add(2, bytes("a"), 0, null, 1, 64);
        w.add(2, bytes("b"), RedisZSet.IN_XX, null, 1, 64);
        assertThat(w.encoding()).isEqualTo("listpack");
    }

    @Test
    void listpackDropsTheSignOfZero() {
        RedisZSet lp = RedisZSet.listpack();
        lp.add(-0.0, bytes("a"), 0, null, 128, 64);
        assertThat(1 / lp.score(bytes("a"))).isPositive();
        RedisZSet sl = RedisZSet.skiplist();
        sl.add(-0.0, bytes("a"), 0, null, 128, 64);
        assertThat(1 / sl.score(bytes("a"))).isNegative();
        sl.convertToListpackIfFits(128, 64, 1);
        assertThat(1 / sl.score(bytes("a"))).isPositive();
        assertThat(RedisZSet.listpackScore(1e17)).isEqualTo("100000000000000000");
        assertThat(RedisZSet.listpackScore(5e18)).isEqualTo("5e+18");
        assertThat(RedisZSet.listpackScore(1.5)).isEqualTo("1.5");
        assertThat(RedisZSet.listpackScore(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    }

    @Test
    void copyIsDeepAndKeepsTheEncoding() {
        RedisZSet z = RedisZSet.listpack();
        z.add(1, bytes("a"), 0, null, 128, 64);
        z.add(2, bytes("b"), 0, null, 128, 64);
        RedisZSet c = (RedisZSet) z.copy();
        z.remove(bytes("a"));
        assertThat(contents(c)).containsExactly("a", "b");
        assertThat(c.encoding()).isEqualTo("listpack");
        assertThat(c.type()).isEqualTo("zset");
    }

    @Test
    void scanVisitsEveryMemberOfALargeSetOnce() {
        RedisZSet z = RedisZSet.skiplist();
        for (int i = 0; i < 1000; i++) z.add(i, bytes("m" + i), 0, null, 128, 64);
        Map<String, Integer> seen = new HashMap<>();
        long cursor = 0;
        int calls = 0;
        do {
            cursor = z.scan(cursor, 10, (m, s) -> seen.merge(str(m), 1, Integer::sum));
            calls++;
        } while (cursor != 0);
        assertThat(seen).hasSize(1000);
        assertThat(calls).isGreaterThan(1);
        RedisZSet lp = RedisZSet.listpack();
        lp.add(1, bytes("x"), 0, null, 128, 64);
        List<String> got = new ArrayList<>();
        assertThat(lp.scan(0, 1, (m, s) -> got.add(str(m) + "=" + s))).isZero();
        assertThat(got).containsExactly("x=1");
    }
}

package dev.emredis.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random SORT/SORT_RO commands over lists, sets and sorted sets with weight strings and
 * hashes, sent to the emulator and a real redis-server; every reply must be equal. Lists of up to
 * ~60 elements with duplicate ALPHA weights exercise Redis's partial quicksort (BY + LIMIT) and
 * its tie order. Sets and sorted sets are sorted only where Redis's answer does not depend on
 * its per-process dict order. Replay a failure with {@code -Dcompat.seed=N};
 * {@code -Dcompat.commands=N} sets the sequence length.
 */
class SortDifferentialTest extends DifferentialTest {
    private static final String[] ELEMENTS = {"1", "2", "3", "10", "-1", "0", "2.5", "a", "b", "B", "", "1e3", "07"};
    private static final String[] WEIGHTS = {"1", "2", "3", "-1", "0", "x", "y", "2.5", "10", "a", ""};
    private static final String[] LIMITS = {"0", "1", "2", "3", "5", "10", "30", "-1", "-3", "100"};

    private static String el(SplittableRandom r) {
        return r.nextInt(3) == 0 ? pick(r, ELEMENTS) : String.valueOf(r.nextInt(40));
    }

    @Override
    protected String[] next(SplittableRandom r) {
        int p = r.nextInt(20);
        if (p < 3) {
            List<String> l = new ArrayList<>(List.of(r.nextBoolean() ? "RPUSH" : "LPUSH", "l" + r.nextInt(2)));
            int n = 1 + r.nextInt(12);
            for (int i = 0; i < n; i++) l.add(el(r));
            return l.toArray(new String[0]);
        }
        if (p == 3) return new String[] {"SET", "w_" + el(r), pick(r, WEIGHTS)};
        if (p == 4) return new String[] {"HSET", "h_" + el(r), "f", pick(r, WEIGHTS), "g", el(r)};
        if (p == 5) return new String[] {"DEL", "l" + r.nextInt(2), "w_" + el(r)};
        if (p == 6) return new String[] {"SADD", "si", String.valueOf(r.nextInt(50))};
        if (p == 7) return new String[] {"ZADD", "z", String.valueOf(r.nextInt(5)), el(r)};
        if (p == 8) return new String[] {"RPOP", "l" + r.nextInt(2), String.valueOf(1 + r.nextInt(8))};
        return sort(r);
    }

    private String[] sort(SplittableRandom r) {
        int kind = r.nextInt(10);
        // lists may sort any way; the intset and sorted set only where the answer is deterministic
        String key = kind < 7 ? "l" + r.nextInt(2) : kind < 9 ? "si" : "z";
        boolean list = kind < 7;
        List<String> l = new ArrayList<>(List.of(r.nextInt(4) == 0 ? "SORT_RO" : "SORT", key));
        boolean alpha = r.nextInt(3) == 0;
        int by = r.nextInt(5);
        if (by == 1) l.addAll(List.of("BY", "w_*"));
        else if (by == 2) l.addAll(List.of("BY", "h_*->f"));
        else if (by == 3 && (list || !alpha)) l.addAll(List.of("BY", "nosort"));
        if (by == 1 || by == 2) {
            if (!list) alpha = false;
        }
        if (alpha) l.add("ALPHA");
        if (r.nextBoolean()) l.add(r.nextBoolean() ? "DESC" : "ASC");
        if (r.nextBoolean()) l.addAll(List.of("LIMIT", pick(r, LIMITS), pick(r, LIMITS)));
        int gets = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
        for (int i = 0; i < gets; i++) l.addAll(List.of("GET", pick(r, new String[] {"#", "w_*", "h_*->g", "h_*->f", "nostar"})));
        if (!l.get(0).equals("SORT_RO") && r.nextInt(4) == 0) l.addAll(List.of("STORE", "dst"));
        return l.toArray(new String[0]);
    }
}

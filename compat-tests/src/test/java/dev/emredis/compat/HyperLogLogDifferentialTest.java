package dev.emredis.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random sequences of HyperLogLog commands on a few keys, emulator against a real
 * redis-server, every reply equal: PFADD and PFMERGE across the sparse-to-dense promotion (a low
 * hll-sparse-max-bytes makes it happen often), PFCOUNT of one or several keys, the raw value read
 * with GET and written back with SET, APPEND corrupting it, and wrong types. Replay a failure with
 * {@code -Dcompat.seed=N}; {@code -Dcompat.commands=N} sets the sequence length.
 */
class HyperLogLogDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"h1", "h2", "h3", "str", "lst"};

    @Override
    protected List<String[]> setup(SplittableRandom rnd) {
        return List.<String[]>of(
                new String[] {"CONFIG", "SET", "hll-sparse-max-bytes", String.valueOf(50 + rnd.nextInt(400))},
                new String[] {"SET", "str", "plain"},
                new String[] {"RPUSH", "lst", "x"});
    }

    @Override
    protected List<String[]> restore() {
        return List.<String[]>of(new String[] {"CONFIG", "SET", "hll-sparse-max-bytes", "3000"});
    }

    private static String k(SplittableRandom r) {
        return r.nextInt(6) == 0 ? pick(r, KEYS) : pick(r, new String[] {"h1", "h2", "h3"});
    }

    private static String[] adds(SplittableRandom r, String key) {
        List<String> l = new ArrayList<>(List.of("PFADD", key));
        int n = r.nextInt(8) == 0 ? 50 + r.nextInt(300) : r.nextInt(6);
        int range = r.nextBoolean() ? 40 : 100_000;
        for (int i = 0; i < n; i++) l.add("e" + r.nextInt(range));
        return l.toArray(new String[0]);
    }

    @Override
    protected String[] next(SplittableRandom r) {
        switch (r.nextInt(14)) {
            case 0: case 1: case 2: case 3: case 4: return adds(r, k(r));
            case 5: case 6: return cmd("PFCOUNT", k(r));
            case 7: return cmd("PFCOUNT", k(r), k(r));
            case 8: return r.nextBoolean() ? cmd("PFMERGE", k(r), k(r)) : cmd("PFMERGE", k(r), k(r), k(r));
            case 9: return cmd("PFMERGE", k(r));
            case 10: return cmd("GET", k(r));
            case 11: return cmd("DEL", k(r));
            case 12: return cmd("COPY", k(r), k(r), "REPLACE");
            default: return r.nextInt(5) == 0 ? cmd("APPEND", k(r), "x") : cmd("STRLEN", k(r));
        }
    }
}

package dev.emredis.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random sequences of set commands on a few keys, sent to the emulator and a real
 * redis-server; every reply must be equal. Integer and string members make sets switch between
 * intset and hashtable; multi-member replies are compared as multisets (Redis seeds its dict hash
 * per process). Only random picks that cannot change the data diverge, so SPOP and SRANDMEMBER
 * take the whole set or are compared by shape. Replay a failure with {@code -Dcompat.seed=N};
 * {@code -Dcompat.commands=N} sets the sequence length.
 */
class SetDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"s1", "s2", "s3", "str"};
    private static final String[] MEMBERS = {"1", "2", "3", "4", "5", "-1", "0", "10", "100", "01", "-0", "+1",
        "9223372036854775807", "-9223372036854775808", "9223372036854775808", "a", "b", "c", "", "1.0"};
    private static final String[] COUNTS = {"0", "1", "2", "-1", "-3", "x", "1.5"};

    @Override
    protected List<String[]> setup(SplittableRandom rnd) {
        return List.<String[]>of(new String[] {"CONFIG", "SET", "set-max-intset-entries", String.valueOf(3 + rnd.nextInt(10))});
    }

    @Override
    protected List<String[]> restore() {
        return List.<String[]>of(new String[] {"CONFIG", "SET", "set-max-intset-entries", "512"});
    }

    @Override
    protected Scenario.Compare how(String[] cmd, int proto) {
        switch (cmd[0]) {
            case "SMEMBERS": case "SINTER": case "SUNION": case "SDIFF": return Scenario.Compare.UNORDERED;
            case "SSCAN": return Scenario.Compare.SCAN;
            case "SPOP": case "SRANDMEMBER":
                return cmd.length == 3 && cmd[2].equals("100") ? Scenario.Compare.UNORDERED : Scenario.Compare.TYPE;
            default: return Scenario.Compare.EXACT;
        }
    }

    private static String k(SplittableRandom r) {
        return pick(r, KEYS);
    }

    private static String m(SplittableRandom r) {
        // mostly small integers, so intsets live long enough to matter
        return r.nextInt(3) == 0 ? pick(r, MEMBERS) : String.valueOf(r.nextInt(12));
    }

    private static String[] many(SplittableRandom r, String... head) {
        List<String> l = new ArrayList<>(List.of(head));
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) l.add(m(r));
        return l.toArray(new String[0]);
    }

    @Override
    protected String[] next(SplittableRandom r) {
        switch (r.nextInt(26)) {
            case 0: case 1: case 2: case 3: return many(r, "SADD", k(r));
            case 4: case 5: return many(r, "SREM", k(r));
            case 6: return cmd("SMEMBERS", k(r));
            case 7: return cmd("SISMEMBER", k(r), m(r));
            case 8: return many(r, "SMISMEMBER", k(r));
            case 9: return cmd("SCARD", k(r));
            case 10: return r.nextInt(4) == 0 ? cmd("SPOP", k(r), "100") : cmd("SPOP", k(r), "0");
            case 11: {
                int form = r.nextInt(3);
                if (form == 0) return cmd("SRANDMEMBER", k(r), "100");
                if (form == 1) return cmd("SRANDMEMBER", k(r));
                return cmd("SRANDMEMBER", k(r), pick(r, COUNTS));
            }
            case 12: case 13: return cmd("SMOVE", k(r), k(r), m(r));
            case 14: return r.nextBoolean() ? cmd("SINTER", k(r), k(r)) : cmd("SINTER", k(r), k(r), k(r));
            case 15: return cmd("SUNION", k(r), k(r));
            case 16: return cmd("SDIFF", k(r), k(r));
            case 17: return r.nextBoolean() ? cmd("SINTERCARD", "2", k(r), k(r))
                    : cmd("SINTERCARD", "2", k(r), k(r), "LIMIT", pick(r, new String[] {"0", "1", "2", "-1", "x"}));
            case 18: return cmd("SINTERSTORE", k(r), k(r), k(r));
            case 19: return cmd("SUNIONSTORE", k(r), k(r), k(r));
            case 20: return cmd("SDIFFSTORE", k(r), k(r), k(r));
            case 21: return cmd("SSCAN", k(r), "0", "COUNT", "1000");
            case 22: return cmd("OBJECT", "ENCODING", k(r));
            case 23: return cmd("SET", "str", "x");
            case 24: return cmd("DEL", k(r));
            default: return cmd("TYPE", k(r));
        }
    }
}

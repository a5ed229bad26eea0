package dev.emredis.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random sequences of hash commands on a few keys, sent to the emulator and a real
 * redis-server; every reply must be equal. Small listpack thresholds make hashes convert to
 * hashtables now and then; whole-hash replies are compared as multisets because Redis seeds its
 * dict hash function per process. Random picks (HRANDFIELD with a count below the size) are
 * compared by shape. Replay a failure with {@code -Dcompat.seed=N}; {@code -Dcompat.commands=N}
 * sets the sequence length.
 */
class HashDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"h1", "h2", "h3", "str"};
    private static final String[] FIELDS = {"a", "b", "c", "d", "e", "f", "g", "", "0", "1", "-1", "10", "aa",
        "long-field-name-over-thirty-two-bytes-x"};
    private static final String[] VALUES = {"0", "1", "-1", "5", "10", "x", "", "1.5", "-0", "3.0", "1e3",
        "9223372036854775807", "-9223372036854775808", "0x10", " 1", "inf", "nan", "99999999999999999999",
        "a-value-that-is-longer-than-forty-bytes-for-conversion-xxxx"};
    private static final String[] INCRS = {"0", "1", "-1", "10", "-10", "9223372036854775807",
        "-9223372036854775808", "x", "1.5", ""};
    private static final String[] FLOATS = {"0", "1", "-1", "0.1", "1.5", "-2.25", "1e10", "1e308", "-1e308",
        "inf", "nan", "x", "3.0000000000000004", "5e-324", ""};
    private static final String[] COUNTS = {"0", "1", "2", "3", "-1", "-3", "100", "x", "1.5"};

    @Override
    protected List<String[]> setup(SplittableRandom rnd) {
        return List.of(
                new String[] {"CONFIG", "SET", "hash-max-listpack-entries", String.valueOf(3 + rnd.nextInt(10))},
                new String[] {"CONFIG", "SET", "hash-max-listpack-value", String.valueOf(8 + rnd.nextInt(40))});
    }

    @Override
    protected List<String[]> restore() {
        return List.of(new String[] {"CONFIG", "SET", "hash-max-listpack-entries", "512"},
                new String[] {"CONFIG", "SET", "hash-max-listpack-value", "64"});
    }

    @Override
    protected Scenario.Compare how(String[] cmd, int proto) {
        switch (cmd[0]) {
            case "HGETALL": return Scenario.Compare.UNORDERED_PAIRS;
            case "HKEYS": case "HVALS": return Scenario.Compare.UNORDERED;
            case "HSCAN": return Scenario.Compare.SCAN_PAIRS;
            case "HRANDFIELD":
                if (cmd.length == 2 || !cmd[2].equals("100")) return Scenario.Compare.TYPE;
                return cmd.length == 4 && proto == 2 ? Scenario.Compare.UNORDERED_PAIRS : Scenario.Compare.UNORDERED;
            default: return Scenario.Compare.EXACT;
        }
    }

    private static String k(SplittableRandom r) {
        return pick(r, KEYS);
    }

    private static String f(SplittableRandom r) {
        return pick(r, FIELDS);
    }

    private static String v(SplittableRandom r) {
        return r.nextInt(3) == 0 ? pick(r, VALUES) : String.valueOf(r.nextInt(20) - 5);
    }

    private static String[] pairs(String name, SplittableRandom r) {
        List<String> l = new ArrayList<>(List.of(name, k(r)));
        int n = 1 + r.nextInt(4);
        for (int i = 0; i < n; i++) {
            l.add(f(r));
            l.add(v(r));
        }
        if (r.nextInt(30) == 0) l.remove(l.size() - 1); // odd arity error
        return l.toArray(new String[0]);
    }

    @Override
    protected String[] next(SplittableRandom r) {
        switch (r.nextInt(26)) {
            case 0: case 1: case 2: return pairs("HSET", r);
            case 3: return pairs("HMSET", r);
            case 4: return cmd("HSETNX", k(r), f(r), v(r));
            case 5: return cmd("HGET", k(r), f(r));
            case 6: return cmd("HMGET", k(r), f(r), f(r), f(r));
            case 7: return cmd("HGETALL", k(r));
            case 8: case 9: return r.nextBoolean() ? cmd("HDEL", k(r), f(r)) : cmd("HDEL", k(r), f(r), f(r), f(r));
            case 10: return cmd("HEXISTS", k(r), f(r));
            case 11: return cmd("HLEN", k(r));
            case 12: return cmd("HSTRLEN", k(r), f(r));
            case 13: return cmd("HKEYS", k(r));
            case 14: return cmd("HVALS", k(r));
            case 15: case 16: return cmd("HINCRBY", k(r), f(r), r.nextInt(3) == 0 ? pick(r, INCRS) : String.valueOf(r.nextInt(9) - 4));
            case 17: case 18: return cmd("HINCRBYFLOAT", k(r), f(r), pick(r, FLOATS));
            case 19: {
                int form = r.nextInt(5);
                if (form == 0) return cmd("HRANDFIELD", k(r));
                if (form == 1) return cmd("HRANDFIELD", k(r), "100", "WITHVALUES");
                if (form == 2) return cmd("HRANDFIELD", k(r), "100");
                return r.nextBoolean() ? cmd("HRANDFIELD", k(r), pick(r, COUNTS)) : cmd("HRANDFIELD", k(r), pick(r, COUNTS), "WITHVALUES");
            }
            case 20: return r.nextBoolean() ? cmd("HSCAN", k(r), "0", "COUNT", "1000")
                    : cmd("HSCAN", k(r), "0", "COUNT", "1000", "MATCH", pick(r, new String[] {"a*", "*1*", "[a-c]", "?"}));
            case 21: return cmd("OBJECT", "ENCODING", k(r));
            case 22: return cmd("SET", "str", "x");
            case 23: return cmd("DEL", k(r));
            case 24: return cmd("TYPE", k(r));
            default: return cmd("EXISTS", k(r));
        }
    }
}

package dev.emredis.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random sequences of list commands on a few keys (non-blocking forms, and blocking ones
 * that find data or run inside MULTI), sent to the emulator and a real redis-server; every reply
 * must be equal. Replay a failure with {@code -Dcompat.seed=N}; {@code -Dcompat.commands=N} sets
 * the sequence length.
 */
class ListDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"l1", "l2", "l3", "str"};
    private static final String[] ELEMENTS = {"a", "b", "c", "1", "2", "-1", "", "10", "a-longer-element-value"};
    private static final String[] INDEXES = {"0", "1", "2", "-1", "-2", "-3", "5", "-10", "100", "x"};
    private static final String[] SIDES = {"LEFT", "RIGHT", "left", "UP"};

    private static String k(SplittableRandom r) {
        return pick(r, KEYS);
    }

    private static String e(SplittableRandom r) {
        return pick(r, ELEMENTS);
    }

    private static String[] pushes(SplittableRandom r, String name) {
        List<String> l = new ArrayList<>(List.of(name, k(r)));
        int n = 1 + r.nextInt(5);
        for (int i = 0; i < n; i++) l.add(e(r));
        return l.toArray(new String[0]);
    }

    @Override
    protected String[] next(SplittableRandom r) {
        switch (r.nextInt(30)) {
            case 0: case 1: case 2: return pushes(r, "RPUSH");
            case 3: case 4: return pushes(r, "LPUSH");
            case 5: return pushes(r, r.nextBoolean() ? "LPUSHX" : "RPUSHX");
            case 6: return r.nextBoolean() ? cmd("LPOP", k(r)) : cmd("LPOP", k(r), pick(r, INDEXES));
            case 7: return r.nextBoolean() ? cmd("RPOP", k(r)) : cmd("RPOP", k(r), pick(r, INDEXES));
            case 8: return cmd("LLEN", k(r));
            case 9: case 10: return cmd("LRANGE", k(r), pick(r, INDEXES), pick(r, INDEXES));
            case 11: return cmd("LINDEX", k(r), pick(r, INDEXES));
            case 12: return cmd("LSET", k(r), pick(r, INDEXES), e(r));
            case 13: return cmd("LINSERT", k(r), r.nextBoolean() ? "BEFORE" : "AFTER", e(r), e(r));
            case 14: return cmd("LREM", k(r), pick(r, INDEXES), e(r));
            case 15: return cmd("LTRIM", k(r), pick(r, INDEXES), pick(r, INDEXES));
            case 16: {
                List<String> l = new ArrayList<>(List.of("LPOS", k(r), e(r)));
                if (r.nextBoolean()) l.addAll(List.of("RANK", pick(r, new String[] {"1", "2", "-1", "-2", "0"})));
                if (r.nextBoolean()) l.addAll(List.of("COUNT", pick(r, new String[] {"0", "1", "2", "-1"})));
                if (r.nextBoolean()) l.addAll(List.of("MAXLEN", pick(r, new String[] {"0", "1", "3", "-1"})));
                return l.toArray(new String[0]);
            }
            case 17: return cmd("LMOVE", k(r), k(r), pick(r, SIDES), pick(r, SIDES));
            case 18: return cmd("RPOPLPUSH", k(r), k(r));
            case 19: return r.nextBoolean() ? cmd("LMPOP", "2", k(r), k(r), pick(r, SIDES))
                    : cmd("LMPOP", "2", k(r), k(r), pick(r, SIDES), "COUNT", pick(r, INDEXES));
            // blocking forms: served at once, or time out after 10 ms on both servers (at once in MULTI)
            case 20: return cmd("BLPOP", "l1", "l2", "l3", "0.01");
            case 21: return cmd("BRPOP", "l3", "l2", "l1", "0.01");
            case 22: return cmd("BLMOVE", "l1", k(r), pick(r, SIDES), pick(r, SIDES), "0.01");
            case 23: return cmd("BLMPOP", "0.01", "3", "l1", "l2", "l3", pick(r, SIDES), "COUNT", "2");
            case 24: return cmd("MULTI");
            case 25: return cmd("EXEC");
            case 26: return cmd("SET", "str", "x");
            case 27: return cmd("DEL", k(r));
            case 28: return cmd("OBJECT", "ENCODING", k(r));
            default: return cmd("TYPE", k(r));
        }
    }
}

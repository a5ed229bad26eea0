package dev.emredis.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Seeded random sequences of stream commands on a few keys, sent to the emulator and a real
 * redis-server; every reply must be equal. IDs are explicit or "ms-*" (never "*", which reads the
 * clock). Small node limits make streams span many radix tree nodes, so trimming, deletion and
 * the radix tree counters of XINFO are exercised. Idle and delivery times depend on each server's
 * clock: those numbers are blanked out before comparing (everything else in those replies is
 * compared), and idle-time thresholds are either 0 or far from any time a run can take, combined
 * with XCLAIM TIME 1 / IDLE to make entries old. A failure prints its seed: replay it with
 * {@code -Dcompat.seed=N}; {@code -Dcompat.commands=N} sets the sequence length.
 */
class StreamDifferentialTest extends DifferentialTest {
    private static final String[] KEYS = {"s1", "s2", "s3"};
    private static final String[] GROUPS = {"g1", "g2"};
    private static final String[] CONSUMERS = {"alice", "bob", "carol"};
    private static final String[] FIELDS = {"f", "g", "name", "1", "", "-5", "field-with-a-longer-name"};
    private static final String[] VALUES = {"v", "1", "0", "-1", "12345678901", "", "value-value-value-value", "x y"};
    private static final String[] INTS = {"0", "1", "2", "3", "5", "10", "-1", "x"};
    /** Idle thresholds: nothing is idle that long unless made old with TIME 1 or IDLE. */
    private static final String[] MIN_IDLE = {"0", "0", "50000000", "-1"};

    private static final Pattern PENDING_ROW_4 =
            Pattern.compile("(\\*4\r\n\\$\\d+\r\n[0-9-]+\r\n\\$\\d+\r\n[a-z]+\r\n):-?\\d+\r\n");
    private static final Pattern PENDING_ROW_3 = Pattern.compile("(\\*3\r\n\\$\\d+\r\n[0-9-]+\r\n):-?\\d+\r\n(:\\d+\r\n)");
    private static final Pattern TIME_FIELD = Pattern.compile("(\\$(?:4\r\nidle|9\r\nseen-time)\r\n):-?\\d+\r\n");

    /** A rough last ID per key so that most XADDs succeed. */
    private final long[] lastMs = new long[KEYS.length];

    @Override
    protected List<String[]> setup(SplittableRandom rnd) {
        java.util.Arrays.fill(lastMs, 0);
        String maxBytes = rnd.nextInt(3) == 0 ? "0" : String.valueOf(60 + rnd.nextInt(400));
        return List.of(
                new String[] {"CONFIG", "SET", "stream-node-max-entries", String.valueOf(2 + rnd.nextInt(9))},
                new String[] {"CONFIG", "SET", "stream-node-max-bytes", maxBytes});
    }

    @Override
    protected List<String[]> restore() {
        return List.of(new String[] {"CONFIG", "SET", "stream-node-max-entries", "100"},
                new String[] {"CONFIG", "SET", "stream-node-max-bytes", "4096"});
    }

    @Override
    protected String normalize(String[] cmd, String reply) {
        String name = cmd[0].toUpperCase();
        if (name.equals("XPENDING") || name.equals("XINFO")) {
            reply = PENDING_ROW_4.matcher(reply).replaceAll("$1:T\r\n");
            reply = PENDING_ROW_3.matcher(reply).replaceAll("$1:T\r\n$2");
            reply = TIME_FIELD.matcher(reply).replaceAll("$1:T\r\n");
        }
        return reply;
    }

    /** The key the next ID refers to (IDs are drawn around that key's last ID). */
    private int cur;

    private String k(SplittableRandom r) {
        cur = r.nextInt(KEYS.length);
        return r.nextInt(60) == 0 ? "str" : KEYS[cur];
    }

    private static String g(SplittableRandom r) {
        return r.nextInt(60) == 0 ? "nogroup" : pick(r, GROUPS);
    }

    private static String c(SplittableRandom r) {
        return pick(r, CONSUMERS);
    }

    /** An ID somewhere in the range of what was added to the current key (and a little past it). */
    private String id(SplittableRandom r) {
        long ms = r.nextLong(lastMs[cur] + 3);
        switch (r.nextInt(16)) {
            case 0: return String.valueOf(ms);
            case 1: return "0-0";
            case 2: return "18446744073709551615-18446744073709551615";
            case 3: return r.nextInt(4) == 0 ? "x" : ms + "-" + r.nextInt(4);
            default: return ms + "-" + r.nextInt(4);
        }
    }

    /** A range bound: an ID, "-", "+", or an exclusive "(id". */
    private String bound(SplittableRandom r, boolean start) {
        switch (r.nextInt(6)) {
            case 0: return start ? "-" : "+";
            case 1: return r.nextInt(8) == 0 ? (start ? "+" : "-") : (start ? "-" : "+");
            case 2: return "(" + id(r);
            default: return id(r);
        }
    }

    /** The ID of an XADD: mostly increasing, sometimes "ms-*", sometimes too small. */
    private String addId(SplittableRandom r) {
        int key = cur;
        int p = r.nextInt(20);
        if (p == 0) return "0-0";
        if (p == 1) return Math.max(0, lastMs[key] - r.nextInt(3)) + "-" + r.nextInt(3);
        lastMs[key] += r.nextInt(3);
        if (p < 6) return lastMs[key] + "-*";
        if (p < 8) return String.valueOf(lastMs[key] + 1);
        return lastMs[key] + "-" + (1 + r.nextInt(3));
    }

    private static void addPairs(SplittableRandom r, List<String> l) {
        int pairs = 1 + (r.nextInt(4) == 0 ? r.nextInt(4) : 0);
        boolean same = r.nextInt(3) != 0;
        for (int i = 0; i < pairs; i++) {
            l.add(same ? (i == 0 ? "f" : "g" + i) : pick(r, FIELDS));
            l.add(pick(r, VALUES));
        }
    }

    /** MAXLEN|MINID [=|~] threshold [LIMIT n]. */
    private void trimArgs(SplittableRandom r, List<String> l) {
        boolean maxlen = r.nextBoolean();
        l.add(maxlen ? "MAXLEN" : "MINID");
        int mode = r.nextInt(3);
        if (mode == 1) l.add("=");
        if (mode == 2) l.add("~");
        l.add(maxlen ? String.valueOf(r.nextInt(r.nextInt(8) == 0 ? 3 : 40)) : id(r));
        if (r.nextInt(4) == 0) {
            l.add("LIMIT");
            l.add(pick(r, INTS));
        }
    }

    @Override
    protected String[] next(SplittableRandom r) {
        int pick = r.nextInt(50);
        switch (pick) {
            case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 46: case 47: case 48: case 49: {
                List<String> l = new ArrayList<>(List.of("XADD", k(r)));
                if (r.nextInt(10) == 0) l.add("NOMKSTREAM");
                if (r.nextInt(6) == 0) trimArgs(r, l);
                l.add(addId(r));
                addPairs(r, l);
                return l.toArray(new String[0]);
            }
            case 7: return cmd("XLEN", k(r));
            case 8: case 9: {
                List<String> l = new ArrayList<>(List.of("XRANGE", k(r), bound(r, true), bound(r, false)));
                if (r.nextBoolean()) l.addAll(List.of("COUNT", pick(r, INTS)));
                return l.toArray(new String[0]);
            }
            case 10: {
                List<String> l = new ArrayList<>(List.of("XREVRANGE", k(r), bound(r, false), bound(r, true)));
                if (r.nextBoolean()) l.addAll(List.of("COUNT", pick(r, INTS)));
                return l.toArray(new String[0]);
            }
            case 11: case 12: {
                List<String> l = new ArrayList<>(List.of("XDEL", k(r)));
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) l.add(id(r));
                return l.toArray(new String[0]);
            }
            case 13: {
                List<String> l = new ArrayList<>(List.of("XTRIM", k(r)));
                trimArgs(r, l);
                return l.toArray(new String[0]);
            }
            case 14: case 15: {
                List<String> l = new ArrayList<>(List.of("XREAD"));
                if (r.nextBoolean()) l.addAll(List.of("COUNT", pick(r, INTS)));
                if (r.nextInt(20) == 0) l.addAll(List.of("BLOCK", "1"));
                l.add("STREAMS");
                int n = 1 + r.nextInt(2);
                String[] ids = new String[n];
                for (int i = 0; i < n; i++) {
                    l.add(k(r));
                    ids[i] = r.nextInt(5) == 0 ? "$" : id(r);
                }
                l.addAll(List.of(ids));
                return l.toArray(new String[0]);
            }
            case 16: case 17: {
                List<String> l = new ArrayList<>(List.of("XGROUP", "CREATE", k(r), g(r), r.nextInt(4) == 0 ? "$" : id(r)));
                if (r.nextBoolean()) l.add("MKSTREAM");
                if (r.nextInt(5) == 0) l.addAll(List.of("ENTRIESREAD", pick(r, INTS)));
                return l.toArray(new String[0]);
            }
            case 18: {
                List<String> l = new ArrayList<>(List.of("XGROUP", "SETID", k(r), g(r), r.nextInt(4) == 0 ? "$" : id(r)));
                if (r.nextInt(3) == 0) l.addAll(List.of("ENTRIESREAD", pick(r, INTS)));
                return l.toArray(new String[0]);
            }
            case 19: return r.nextInt(4) == 0 ? cmd("XGROUP", "DESTROY", k(r), g(r)) : cmd("XGROUP", "CREATECONSUMER", k(r), g(r), c(r));
            case 20: return cmd("XGROUP", "DELCONSUMER", k(r), g(r), c(r));
            case 21: case 22: case 23: case 24: {
                List<String> l = new ArrayList<>(List.of("XREADGROUP", "GROUP", g(r), c(r)));
                if (r.nextBoolean()) l.addAll(List.of("COUNT", pick(r, INTS)));
                if (r.nextInt(6) == 0) l.add("NOACK");
                l.add("STREAMS");
                int n = 1 + (r.nextInt(4) == 0 ? 1 : 0);
                String[] ids = new String[n];
                for (int i = 0; i < n; i++) {
                    l.add(k(r));
                    ids[i] = r.nextInt(3) == 0 ? id(r) : ">";
                }
                l.addAll(List.of(ids));
                return l.toArray(new String[0]);
            }
            case 25: case 26: {
                List<String> l = new ArrayList<>(List.of("XACK", k(r), g(r)));
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) l.add(id(r));
                return l.toArray(new String[0]);
            }
            case 27: return cmd("XPENDING", k(r), g(r));
            case 28: case 29: {
                List<String> l = new ArrayList<>(List.of("XPENDING", k(r), g(r)));
                if (r.nextInt(3) == 0) l.addAll(List.of("IDLE", pick(r, MIN_IDLE)));
                l.addAll(List.of(bound(r, true), bound(r, false), pick(r, INTS)));
                if (r.nextInt(3) == 0) l.add(c(r));
                return l.toArray(new String[0]);
            }
            case 30: case 31: case 32: {
                List<String> l = new ArrayList<>(List.of("XCLAIM", k(r), g(r), c(r), pick(r, MIN_IDLE)));
                int n = 1 + r.nextInt(3);
                for (int i = 0; i < n; i++) l.add(id(r));
                if (r.nextInt(5) == 0) l.add("FORCE");
                if (r.nextInt(3) == 0) l.add("JUSTID");
                if (r.nextInt(6) == 0) l.addAll(List.of("RETRYCOUNT", pick(r, INTS)));
                if (r.nextInt(6) == 0) l.addAll(List.of("LASTID", id(r)));
                if (r.nextInt(6) == 0) l.addAll(r.nextBoolean() ? List.of("TIME", "1") : List.of("IDLE", "100000000"));
                return l.toArray(new String[0]);
            }
            case 33: case 34: {
                List<String> l = new ArrayList<>(List.of("XAUTOCLAIM", k(r), g(r), c(r), pick(r, MIN_IDLE), bound(r, true)));
                if (r.nextBoolean()) l.addAll(List.of("COUNT", pick(r, INTS)));
                if (r.nextInt(3) == 0) l.add("JUSTID");
                return l.toArray(new String[0]);
            }
            case 35: return cmd("XINFO", "STREAM", k(r));
            case 36: return cmd("XINFO", "GROUPS", k(r));
            case 37: return cmd("XINFO", "CONSUMERS", k(r), g(r));
            case 38: return r.nextBoolean() ? cmd("XINFO", "STREAM", k(r), "FULL")
                    : cmd("XINFO", "STREAM", k(r), "FULL", "COUNT", pick(r, INTS));
            case 39: {
                String key = k(r);
                String top = r.nextInt(4) == 0 ? id(r) : (lastMs[cur] += r.nextInt(3)) + "-" + r.nextInt(4);
                List<String> l = new ArrayList<>(List.of("XSETID", key, top));
                if (r.nextInt(3) == 0) l.addAll(List.of("ENTRIESADDED", String.valueOf(r.nextInt(40))));
                if (r.nextInt(3) == 0) l.addAll(List.of("MAXDELETEDID", id(r)));
                return l.toArray(new String[0]);
            }
            case 40: return r.nextInt(5) == 0 ? cmd("DEL", k(r)) : cmd("XLEN", k(r));
            case 41: return r.nextBoolean() ? cmd("TYPE", k(r)) : cmd("OBJECT", "ENCODING", k(r));
            case 42: return cmd("SET", "str", "x");
            case 43: return r.nextInt(3) == 0 ? cmd("COPY", k(r), k(r), "REPLACE") : cmd("XRANGE", k(r), "-", "+", "COUNT", "3");
            case 44: return cmd("EXISTS", k(r));
            default: return cmd("XRANGE", k(r), "-", "+");
        }
    }
}

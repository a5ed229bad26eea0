package dev.emredis.compat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random ACL SETUSER rule lists (flags, passwords, key and channel patterns, categories,
 * commands, subcommands, first args, selectors, resets; valid and invalid), then ACL GETUSER /
 * ACL LIST and ACL DRYRUN of many commands, sent to the emulator and a real redis-server; every
 * reply must be equal. Redis writes the single +cmd/-cmd rules that follow the categories in its
 * per-process command dict order, so runs of those are compared as multisets. Replay a failure
 * with {@code -Dcompat.seed=N}.
 */
class AclDifferentialTest extends DifferentialTest {
    private static final String[] USERS = {"d0", "d1"};
    private static final String[] CATEGORIES = {"keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
        "bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
        "transaction", "scripting", "all", "nosuch"};
    private static final String[] COMMANDS = {"get", "set", "del", "mget", "lmove", "copy", "publish", "subscribe",
        "psubscribe", "config", "config|get", "config|set", "client", "client|kill", "client|id", "acl|whoami", "select",
        "xread", "zunionstore", "sort", "hset", "nosuch", "get|x", "config|nosub"};
    private static final String[] RULES = {"on", "off", "nopass", "resetpass", ">p1", ">p2", "<p1", "allkeys", "resetkeys",
        "~k*", "~a?", "%R~r*", "%W~w*", "%RW~x*", "%R~*", "&c*", "&d", "allchannels", "resetchannels", "&*", "~*",
        "+select|0", "+select|1", "allcommands", "nocommands", "reset", "clearselectors", "(~s* +@read)",
        "(%W~w* +@write -del)", "(&c* +publish)", "sanitize-payload", "skip-sanitize-payload", "+config|get|x", "+get|",
        "blah", "#0123"};
    private static final String[][] DRYRUNS = {
        {"GET", "k1"}, {"GET", "r1"}, {"GET", "a1"}, {"GET", "s1"}, {"SET", "w1", "v"}, {"SET", "k1", "v"},
        {"SET", "x1", "v"}, {"MGET", "k1", "r1", "a1"}, {"MGET", "s1", "x1"}, {"PUBLISH", "c1", "m"}, {"PUBLISH", "d", "m"},
        {"SUBSCRIBE", "c1", "d"}, {"PSUBSCRIBE", "c*"}, {"PSUBSCRIBE", "c1*"}, {"CONFIG", "GET", "x"},
        {"CONFIG", "SET", "maxmemory", "0"}, {"SELECT", "0"}, {"SELECT", "1"}, {"SELECT", "2"},
        {"LMOVE", "r1", "w1", "LEFT", "RIGHT"}, {"LMOVE", "w1", "r1", "LEFT", "RIGHT"}, {"COPY", "r1", "w1"},
        {"COPY", "x1", "x2"}, {"DEL", "w1"}, {"DEL", "k1", "r1"}, {"CLIENT", "ID"}, {"CLIENT", "KILL", "ID", "1"},
        {"ACL", "WHOAMI"},
        {"XREAD", "STREAMS", "r1", "0"}, {"ZUNIONSTORE", "w1", "2", "r1", "k1"}, {"SORT", "r1"},
        {"SORT", "r1", "STORE", "w2"}, {"HSET", "x1", "f", "v"}, {"AUTH", "a", "b"}, {"PING"}, {"GET"}};

    @Override
    protected int defaultCommands() {
        return 800;
    }

    @Override
    protected String[] next(SplittableRandom r) {
        String user = pick(r, USERS);
        int p = r.nextInt(10);
        if (p < 3) {
            List<String> l = new ArrayList<>(List.of("ACL", "SETUSER", user));
            int n = 1 + r.nextInt(6);
            for (int i = 0; i < n; i++) l.add(rule(r));
            return l.toArray(new String[0]);
        }
        if (p == 3) return cmd("ACL", "GETUSER", user);
        if (p == 4) return cmd("ACL", "LIST");
        List<String> l = new ArrayList<>(List.of("ACL", "DRYRUN", user));
        l.addAll(Arrays.asList(DRYRUNS[r.nextInt(DRYRUNS.length)]));
        return l.toArray(new String[0]);
    }

    private static String rule(SplittableRandom r) {
        int k = r.nextInt(10);
        if (k < 3) return (r.nextBoolean() ? "+@" : "-@") + pick(r, CATEGORIES);
        if (k < 6) return (r.nextInt(3) == 0 ? "-" : "+") + pick(r, COMMANDS);
        return pick(r, RULES);
    }

    @Override
    protected List<String[]> restore() {
        return List.<String[]>of(cmd("ACL", "DELUSER", USERS[0], USERS[1]));
    }

    @Override
    protected List<String[]> setup(SplittableRandom rnd) {
        return List.<String[]>of(cmd("ACL", "DELUSER", USERS[0], USERS[1]));
    }

    /** Runs of single-command rules ("+get -set ...", within a user or a selector) sorted. */
    @Override
    protected String normalize(String[] cmd, String reply) {
        if (!(cmd[0].equals("ACL") && (cmd[1].equals("GETUSER") || cmd[1].equals("LIST")))) return reply;
        StringBuilder out = new StringBuilder();
        for (String line : reply.split("\r\n", -1)) {
            if (out.length() > 0) out.append("\r\n");
            out.append(sortRuns(line));
        }
        return out.toString();
    }

    static String sortRuns(String line) {
        String[] t = line.split(" ", -1);
        List<String> out = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String tok : t) {
            boolean single = tok.length() > 1 && (tok.charAt(0) == '+' || tok.charAt(0) == '-') && tok.charAt(1) != '@';
            if (single) {
                boolean closes = tok.endsWith(")");
                run.add(closes ? tok.substring(0, tok.length() - 1) : tok);
                if (closes) {
                    flush(run, out, ")");
                }
                continue;
            }
            flush(run, out, "");
            out.add(tok);
        }
        flush(run, out, "");
        return String.join(" ", out);
    }

    private static void flush(List<String> run, List<String> out, String suffix) {
        if (run.isEmpty()) return;
        run.sort(String::compareTo);
        run.set(run.size() - 1, run.get(run.size() - 1) + suffix);
        out.addAll(run);
        run.clear();
    }
}

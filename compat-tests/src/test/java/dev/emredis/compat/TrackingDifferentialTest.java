package dev.emredis.compat;

import static org.junit.jupiter.api.Assertions.fail;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * Random traffic from five RESP3 connections in different client-tracking modes (default,
 * NOLOOP, OPTIN, OPTOUT, BCAST with prefixes and NOLOOP) over a few keys, on the emulator and
 * real Redis. After each command, every connection's output up to a PING's PONG (the command's
 * reply, invalidation pushes before and after it) must be the same on both.
 * {@code -Dcompat.seed=N} replays one seed, {@code -Dcompat.commands=N} sets the length.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrackingDifferentialTest {
    private static final String[] KEYS = {"k1", "k2", "k3", "p:1", "p:2", "q1", "h"};
    private static final String[][] MODES = {
        {}, {"NOLOOP"}, {"OPTIN"}, {"OPTOUT"}, {"BCAST", "PREFIX", "p:", "PREFIX", "q", "NOLOOP"},
    };

    private RedisEmulator emulator;

    @AfterAll
    void stop() {
        if (emulator != null) emulator.close();
    }

    @TestFactory
    Stream<DynamicTest> randomTraffic() {
        String one = System.getProperty("compat.seed", "");
        int commands = Integer.getInteger("compat.commands", 400);
        LongStream seeds = one.isBlank() ? LongStream.rangeClosed(1, 3) : LongStream.of(Long.parseLong(one));
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed, commands)));
    }

    /** The connections of one server. */
    private static final class Side implements AutoCloseable {
        final RespClient[] conns = new RespClient[MODES.length];

        Side(String host, int port) {
            try (RespClient admin = new RespClient(host, port)) {
                admin.call("FLUSHALL");
            }
            for (int i = 0; i < conns.length; i++) {
                conns[i] = new RespClient(host, port);
                conns[i].setTimeout(3000);
                conns[i].call("HELLO", "3");
                List<String> a = new ArrayList<>(List.of("CLIENT", "TRACKING", "on"));
                a.addAll(List.of(MODES[i]));
                conns[i].call(a.toArray(new String[0]));
            }
        }

        /**
         * Sends the command on connection i; then every connection's output up to a PONG (those
         * in MULTI are read once their EXEC is answered).
         */
        String step(int i, String[] cmd, boolean[] inMulti) {
            StringBuilder b = new StringBuilder();
            conns[i].send(cmd);
            // the reply, and the pushes that came before it
            String r;
            do {
                r = conns[i].read();
                b.append(r);
            } while (r.startsWith(">"));
            for (int k = 0; k < conns.length; k++) {
                if (inMulti[k]) continue;
                b.append(" | ").append(k).append(": ");
                conns[k].send("PING");
                for (String x = conns[k].read(); !x.equals("+PONG\r\n"); x = conns[k].read()) b.append(x);
            }
            return b.toString();
        }

        @Override
        public void close() {
            for (RespClient c : conns) {
                if (c != null) c.close();
            }
        }
    }

    private static String[] next(SplittableRandom r, boolean inMulti) {
        String k = KEYS[r.nextInt(KEYS.length)];
        String k2 = KEYS[r.nextInt(KEYS.length)];
        String v = Integer.toString(r.nextInt(5));
        switch (r.nextInt(inMulti ? 18 : 30)) {
            case 0: case 1: case 2: return new String[] {"GET", k};
            case 3: return new String[] {"MGET", k, k2};
            case 4: return new String[] {"EXISTS", k, k2};
            case 5: return new String[] {"HGET", k, "f"};
            case 6: case 7: return new String[] {"SET", k, v};
            case 8: return new String[] {"DEL", k, k2};
            case 9: return new String[] {"INCR", k};
            case 10: return new String[] {"HSET", k, "f", v};
            case 11: return new String[] {"MSET", k, v, k2, v};
            case 12: return new String[] {"EXPIRE", k, "100"};
            case 13: return new String[] {"PERSIST", k};
            case 14: return new String[] {"RENAME", k, k2};
            case 15: return new String[] {"CLIENT", "CACHING", r.nextBoolean() ? "yes" : "no"};
            case 16: return new String[] {"STRLEN", k};
            case 17: return new String[] {"FLUSHDB"};
            case 18: return new String[] {"MULTI"};
            case 19: return new String[] {"CLIENT", "TRACKINGINFO"};
            case 20: return new String[] {"LPUSH", k, v};
            case 21: return new String[] {"LMOVE", k, k2, "LEFT", "RIGHT"};
            case 22: return new String[] {"SADD", k, v};
            case 23: return new String[] {"SMOVE", k, k2, v};
            case 24: return new String[] {"SUNIONSTORE", k, k2, KEYS[r.nextInt(KEYS.length)]};
            case 25: return new String[] {"COPY", k, k2, "REPLACE"};
            case 26: return new String[] {"LRANGE", k, "0", "-1"};
            case 27: return new String[] {"SCARD", k};
            case 28: return new String[] {"GETDEL", k};
            default: return new String[] {"TYPE", k};
        }
    }

    private void run(long seed, int commands) {
        RealRedis real = RealRedis.get();
        if (emulator == null || emulator.isClosed()) {
            emulator = RedisEmulator.builder().seed(seed).config("save", "").config("bind", "127.0.0.1").build().start();
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        List<String> history = new ArrayList<>();
        boolean[] inMulti = new boolean[MODES.length];
        int[] queued = new int[MODES.length];
        try (Side r = new Side(real.host, real.port); Side e = new Side(emulator.host(), emulator.port())) {
            for (int n = 0; n < commands; n++) {
                int i = rnd.nextInt(MODES.length);
                String[] cmd = inMulti[i] && queued[i] >= 3 && rnd.nextInt(3) == 0
                        ? new String[] {"EXEC"} : next(rnd, inMulti[i]);
                if (cmd[0].equals("MULTI")) inMulti[i] = true;
                if (cmd[0].equals("EXEC")) {
                    inMulti[i] = false;
                    queued[i] = 0;
                } else if (inMulti[i] && !cmd[0].equals("MULTI")) {
                    queued[i]++;
                }
                history.add(i + ": " + String.join(" ", cmd));
                String a = r.step(i, cmd, inMulti);
                String b = e.step(i, cmd, inMulti);
                if (!a.equals(b)) {
                    fail("seed " + seed + ", command " + n + " on connection " + i + ": " + String.join(" ", cmd) + "\n"
                            + ScenarioTest.describe(a, b) + "\nlast commands:\n  "
                            + String.join("\n  ", history.subList(Math.max(0, history.size() - 20), history.size()))
                            + "\nreplay with -Dcompat.seed=" + seed);
                }
            }
        }
    }
}

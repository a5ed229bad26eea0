package dev.emredis.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * MEMORY USAGE of the same values on the emulator and real Redis: within 2x for every type and
 * encoding, small and large (the bound; most are within a few bytes).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MemoryUsageCompatTest {
    private RedisEmulator emulator;
    private RealRedis real;

    @BeforeAll
    void start() {
        real = RealRedis.get();
        emulator = RedisEmulator.builder().build().start();
    }

    @AfterAll
    void stop() {
        if (emulator != null) emulator.close();
    }

    private static String[] cmd(String name, String key, int n, java.util.function.IntFunction<String[]> item) {
        List<String> l = new ArrayList<>(List.of(name, key));
        for (int i = 0; i < n; i++) l.addAll(List.of(item.apply(i)));
        return l.toArray(new String[0]);
    }

    private static List<String[]> dataset() {
        List<String[]> cmds = new ArrayList<>();
        cmds.add(new String[] {"SET", "str-int", "12345"});
        cmds.add(new String[] {"SET", "str-embstr", "hello"});
        cmds.add(new String[] {"SET", "str-raw", "x".repeat(5000)});
        cmds.add(new String[] {"PFADD", "hll", "a", "b", "c"});
        for (int n : new int[] {1, 100, 3000}) {
            cmds.add(cmd("RPUSH", "list-" + n, n, i -> new String[] {"element-" + i}));
            cmds.add(cmd("HSET", "hash-" + n, n, i -> new String[] {"field-" + i, "value-" + i}));
            cmds.add(cmd("SADD", "intset-" + n, n, i -> new String[] {String.valueOf(i * 7)}));
            cmds.add(cmd("SADD", "set-" + n, n, i -> new String[] {"member-" + i}));
            cmds.add(cmd("ZADD", "zset-" + n, n, i -> new String[] {String.valueOf(i * 1.5), "member-" + i}));
            cmds.add(cmd("XADD", "stream-" + n, 0, i -> new String[0]));
        }
        return cmds;
    }

    private static long usage(RespClient c, String key) {
        String r = c.call("MEMORY", "USAGE", key, "SAMPLES", "0");
        return Long.parseLong(r.substring(1).trim());
    }

    @Test
    void everyTypeIsWithinTwiceRealRedis() {
        try (RespClient e = new RespClient(emulator.host(), emulator.port()); RespClient r = real.connect()) {
            e.call("FLUSHALL");
            r.call("FLUSHALL");
            List<String> keys = new ArrayList<>();
            for (String[] c : dataset()) {
                if (c[0].equals("XADD")) {
                    int n = Integer.parseInt(c[1].substring("stream-".length()));
                    for (int i = 1; i <= n; i++) {
                        String[] x = {"XADD", c[1], i + "-1", "field", "value-" + i};
                        e.call(x);
                        r.call(x);
                    }
                } else {
                    e.call(c);
                    r.call(c);
                }
                keys.add(c[1]);
            }
            for (String k : keys) {
                long emu = usage(e, k);
                long red = usage(r, k);
                assertThat((double) emu / red).as("%s: emulator %d, redis %d", k, emu, red).isBetween(0.5, 2.0);
            }
        }
    }
}

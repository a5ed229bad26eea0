package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.RespClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 50 connections calling an async function whose block() sections read-modify-write shared keys,
 * interleaved with plain clients writing the same keys: block() runs atomically on the event loop,
 * so no update is lost, nothing deadlocks, and every caller gets its own reply.
 */
class ConcurrencyTest extends GearsTestBase {
    private static final int CALLERS = 50;
    private static final int CALLS = 20;

    @Test
    void fiftyAsyncCallersAndPlainClientsLoseNoUpdate() throws Exception {
        assertThat(load("conc", "redis.registerAsyncFunction('bump', async (client, key) => {\n"
                + "  const before = await client.block((c) => {\n"
                + "    const v = parseInt(c.call('get', key) || '0');\n"
                + "    c.call('set', key, String(v + 1));\n"
                + "    return v;\n"
                + "  });\n"
                + "  const after = await client.block((c) => {\n"
                + "    c.call('incr', 'total');\n"
                + "    return c.call('get', key);\n"
                + "  });\n"
                + "  return [before, after];\n"
                + "});")).isEqualTo(OK);
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS + 2);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                String key = "counter:" + (i % 5);
                results.add(pool.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    try (RespClient rc = new RespClient(redis)) {
                        rc.setTimeout(60_000);
                        for (int n = 0; n < CALLS; n++) {
                            String reply = rc.call("TFCALLASYNC", "conc.bump", "0", key);
                            if (reply.startsWith("*2\r\n:")) ok++;
                        }
                    }
                    return ok;
                }));
            }
            // plain clients hammer the same keys meanwhile
            for (int p = 0; p < 2; p++) {
                results.add(pool.submit((Callable<Integer>) () -> {
                    int ok = 0;
                    try (RespClient rc = new RespClient(redis)) {
                        for (int n = 0; n < 200; n++) {
                            if (rc.call("INCR", "plain").startsWith(":")) ok++;
                            rc.call("SET", "counter:" + (n % 5) + ":shadow", "x");
                        }
                    }
                    return ok;
                }));
            }
            int asyncOk = 0;
            for (int i = 0; i < CALLERS; i++) asyncOk += results.get(i).get(120, TimeUnit.SECONDS);
            for (int i = CALLERS; i < results.size(); i++) assertThat(results.get(i).get(120, TimeUnit.SECONDS)).isEqualTo(200);
            assertThat(asyncOk).isEqualTo(CALLERS * CALLS);
            // every read-modify-write in a block() counted once: nothing lost
            long sum = 0;
            for (int k = 0; k < 5; k++) sum += Long.parseLong(c.call("GET", "counter:" + k).split("\r\n")[1]);
            assertThat(sum).isEqualTo((long) CALLERS * CALLS);
            assertThat(c.call("GET", "total")).isEqualTo(bulk(Integer.toString(CALLERS * CALLS)));
            assertThat(c.call("GET", "plain")).isEqualTo(bulk("400"));
        } finally {
            pool.shutdownNow();
            c.call("TFUNCTION", "DELETE", "conc");
        }
    }
}

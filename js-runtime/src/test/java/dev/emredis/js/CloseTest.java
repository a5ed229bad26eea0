package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * close() with 50 TFCALLASYNC callers in flight, each inside a loop of block() sections (some
 * catching every error and trying again, so they would spin for ever without the Redis lock): the
 * server's threads all end, the callers' connections are closed, and nothing is thrown or printed.
 */
class CloseTest {
    private static final int CALLERS = 50;

    @Test
    void closeWithFiftyCallersInsideBlockSectionsReleasesEveryThread() throws Exception {
        Set<Thread> before = serverThreads();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        PrintStream previousErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<RespClient> callers = new ArrayList<>();
        try {
            RedisEmulator r = RedisEmulator.builder().config("redisgears_2.execution-threads", "4").build().start();
            try (RespClient rc = new RespClient(r)) {
                rc.setTimeout(30_000);
                // 40 callers run one block() section, then wait in another for a BLPOP that never
                // ends; 10 callers of another library loop over block() sections catching every
                // error (one runs, holding that library's JS thread; the others are queued)
                assertThat(rc.call("TFUNCTION", "LOAD", "#!js api_version=1.0 name=close\n"
                        + "redis.registerAsyncFunction('work', async (client, key) => {\n"
                        + "  client.block((c) => { c.call('incr', key); });\n"
                        + "  return await client.block((c) => c.callAsync('blpop', 'never:' + key, '0'));\n"
                        + "});")).isEqualTo("+OK\r\n");
                assertThat(rc.call("TFUNCTION", "LOAD", "#!js api_version=1.0 name=spin\n"
                        + "redis.registerAsyncFunction('stubborn', async (client, key) => {\n"
                        + "  for (;;) {\n"
                        + "    try { await client.block((c) => { c.call('incr', key); }); } catch (e) { }\n"
                        + "  }\n"
                        + "});")).isEqualTo("+OK\r\n");
                for (int i = 0; i < CALLERS; i++) {
                    RespClient caller = new RespClient(r);
                    caller.setTimeout(30_000);
                    if (i < 40) caller.send("TFCALLASYNC", "close.work", "0", "n:" + i);
                    else caller.send("TFCALLASYNC", "spin.stubborn", "0", "spin");
                    callers.add(caller);
                }
                for (int i = 0; i < 40; i++) {
                    for (int n = 0; n < 1000 && rc.call("GET", "n:" + i).equals("$-1\r\n"); n++) Thread.sleep(10);
                    assertThat(rc.call("GET", "n:" + i)).isEqualTo("$1\r\n1\r\n");
                }
                for (int n = 0; n < 1000 && rc.call("TFUNCTION", "LIST", "LIBRARY", "close").split("blpop").length < 41; n++) {
                    Thread.sleep(10);
                }
                assertThat(rc.call("TFUNCTION", "LIST", "LIBRARY", "close").split("blpop never:n:").length).isEqualTo(41);
                String spin = rc.call("GET", "spin");
                for (int n = 0; n < 1000 && rc.call("GET", "spin").equals(spin); n++) Thread.sleep(10);
                assertThat(rc.call("GET", "spin")).isNotEqualTo(spin);
                assertThat(newThreads(before)).hasSizeGreaterThanOrEqualTo(3); // the loop, a pool thread per busy library
                System.setErr(new PrintStream(err, true));
            }
            r.close();
            for (int i = 0; i < 500 && !newThreads(before).isEmpty(); i++) Thread.sleep(10);
            assertThat(newThreads(before)).isEmpty();
            // the callers' connections were closed without a reply
            for (RespClient caller : callers) assertThat(readQuietly(caller)).isNull();
        } finally {
            System.setErr(previousErr);
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
            for (RespClient caller : callers) caller.close();
        }
        assertThat(uncaught).isEmpty();
        assertThat(err.toString()).doesNotContain("Exception").doesNotContain("Error");
    }

    private static String readQuietly(RespClient c) {
        try {
            return c.read();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The emulator's own threads (event loop, JS pool); the per-JVM Rhino warm-up thread aside. */
    private static Set<Thread> serverThreads() {
        Set<Thread> s = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            String n = t.getName();
            if (n.startsWith("emredis-") && !n.equals("emredis-js-warmup") && t.isAlive()) s.add(t);
        }
        return s;
    }

    private static Set<Thread> newThreads(Set<Thread> before) {
        Set<Thread> now = serverThreads();
        now.removeAll(before);
        return now;
    }
}

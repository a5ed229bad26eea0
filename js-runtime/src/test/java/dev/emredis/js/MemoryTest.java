package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import org.junit.jupiter.api.Test;

/**
 * The v8-* memory limits as estimated JS heaps (JsMemory): configuration defaults, a library that
 * allocates without bound is terminated with the spec's texts, stays refused while its heap stays
 * over its limit, and the server and its data survive.
 */
class MemoryTest extends GearsTestBase {
    @Test
    void memoryConfigsAndDefaults() {
        String[][] defaults = {{"v8-maxmemory", "200000000"}, {"v8-library-initial-memory-usage", "2000000"},
            {"v8-library-initial-memory-limit", "3000000"}, {"v8-library-memory-usage-delta", "1000000"}};
        for (String[] d : defaults) {
            assertThat(c.call("CONFIG", "GET", "redisgears_2." + d[0])).isEqualTo("*2\r\n" + bulk("redisgears_2." + d[0]) + bulk(d[1]));
        }
        assertThat(c.call("CONFIG", "SET", "redisgears_2.v8-maxmemory", "60000000")).contains("can't set immutable config");
    }

    @Test
    void unboundedAllocationIsTerminatedAndTheServerSurvives() throws Exception {
        try (RedisEmulator r = RedisEmulator.builder().config("redisgears_2.v8-maxmemory", "50000000")
                        .config("redisgears_2.lock-redis-timeout", "120000").build().start();
                RespClient d = new RespClient(r)) {
            d.setTimeout(120_000);
            assertThat(d.call("SET", "precious", "data")).isEqualTo(OK);
            // a global that keeps growing: terminated, then the library stays out of memory
            assertThat(load(d, "leak", "var hoard = [];\n"
                    + "redis.registerFunction('grow', () => { while (true) hoard.push('x'.repeat(1000) + hoard.length); });\n"
                    + "redis.registerFunction('ok', () => 'fine');\n"
                    + "redis.registerKeySpaceTrigger('t', 'leak:', () => {});")).isEqualTo(OK);
            assertThat(d.call("TFCALL", "leak.ok", "0")).isEqualTo(bulk("fine"));
            assertThat(d.call("TFCALL", "leak.grow", "0")).isEqualTo(err("Err Execution was terminated due to OOM or timeout"));
            assertThat(d.call("TFCALL", "leak.ok", "0")).isEqualTo(err("JS engine reached OOM state and can not run any more code"));
            assertThat(d.call("SET", "leak:1", "v")).isEqualTo(OK);
            assertThat(d.call("TFUNCTION", "LIST", "LIBRARY", "leak", "v"))
                    .contains(bulk("last_error") + bulk("JS engine reached OOM state and can not run any more code"));
            // its heap is over v8-maxmemory: nothing new is compiled
            assertThat(load(d, "other", "redis.registerFunction('ok', () => 'fine');"))
                    .isEqualTo(err("Failed library compilation: JS engine reached OOM state and can not run any more code"));
            assertThat(d.call("TFUNCTION", "DELETE", "leak")).isEqualTo(OK);
            // a local that grows: once the code is terminated the garbage goes and the library recovers
            assertThat(load(d, "local", "redis.registerFunction('grow', () => { var a = []; while (true) a.push('y'.repeat(1000) + a.length); });\n"
                    + "redis.registerFunction('ok', () => 'fine');")).isEqualTo(OK);
            assertThat(d.call("TFCALL", "local.grow", "0")).isEqualTo(err("Err Execution was terminated due to OOM or timeout"));
            assertThat(d.call("TFCALL", "local.ok", "0")).isEqualTo(bulk("fine"));
            // a coroutine growing without the Redis lock: its promise is rejected with the termination text
            assertThat(load(d, "bg", "redis.registerAsyncFunction('grow', async () => { var a = []; while (true) a.push('z'.repeat(1000) + a.length); });"))
                    .isEqualTo(OK);
            assertThat(d.call("TFCALLASYNC", "bg.grow", "0")).isEqualTo(err("Err Execution was terminated due to OOM or timeout"));
            // the server and its data are fine; deleting the library frees its heap
            assertThat(d.call("GET", "precious")).isEqualTo(bulk("data"));
            assertThat(d.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(load(d, "after", "redis.registerFunction('ok', () => 'fine');")).isEqualTo(OK);
            assertThat(d.call("TFCALL", "after.ok", "0")).isEqualTo(bulk("fine"));
        }
    }

    @Test
    void ordinaryLibrariesStayWithinTheirInitialLimit() {
        // a lock-redis-timeout no loaded machine reaches: only memory may stop the code here
        try (RedisEmulator r = RedisEmulator.builder().config("redisgears_2.lock-redis-timeout", "120000").build().start();
                RespClient d = new RespClient(r)) {
            d.setTimeout(120_000);
            assertThat(load(d, "small", "var cache = {};\n"
                    + "redis.registerFunction('fill', () => { for (var i = 0; i < 1000; i++) cache['k' + i] = 'v' + i; return Object.keys(cache).length; });\n"
                    + "redis.registerFunction('churn', () => { var n = 0; for (var i = 0; i < 30000; i++) n += ('s' + i + 'x'.repeat(100)).length; return n; });"))
                    .isEqualTo(OK);
            assertThat(d.call("TFCALL", "small.fill", "0")).isEqualTo(integer(1000));
            // lots of garbage, little retained: no termination
            assertThat(d.call("TFCALL", "small.churn", "0")).isEqualTo(integer(30000L * 101 + 138890));
        }
    }
}

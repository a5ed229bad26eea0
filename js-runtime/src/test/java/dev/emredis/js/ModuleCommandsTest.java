package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import org.junit.jupiter.api.Test;

/** TFUNCTION DEBUG and TCONFIG_GET/TCONFIG_SET (§3.5), the module's enable-debug-command (§12). */
class ModuleCommandsTest extends GearsTestBase {
    @Test
    void debugIsDisabledByDefault() {
        assertThat(c.call("CONFIG", "GET", "redisgears_2.enable-debug-command")).isEqualTo(
                "*2\r\n" + bulk("redisgears_2.enable-debug-command") + bulk("no"));
        assertThat(c.call("TFUNCTION", "DEBUG", "help")).isEqualTo(err("Debug command are disabled"));
        assertThat(c.call("TFUNCTION", "DEBUG")).isEqualTo(err("Debug command are disabled"));
        assertThat(c.call("CONFIG", "SET", "redisgears_2.enable-debug-command", "yes")).startsWith("-ERR CONFIG SET failed")
                .contains("can't set immutable config");
        assertThat(c.call("TFUNCTION", "NOSUCH")).isEqualTo(err("Unknown subcommand nosuch"));
    }

    @Test
    void debugCommandsWhenEnabled() {
        try (RedisEmulator r = RedisEmulator.builder().config("redisgears_2.enable-debug-command", "yes").build().start();
                RespClient d = new RespClient(r)) {
            d.setTimeout(30_000);
            assertThat(d.call("TFUNCTION", "DEBUG", "help")).isEqualTo("*4\r\n"
                    + bulk("allow_unsafe_redis_commands - enable the option to execute unsafe redis commands from within a function.")
                    + bulk("panic_on_thread_pool - panic on thread pool to check panic reaction.")
                    + bulk("help - print this message.")
                    + bulk("<engine> [...] - engine specific debug command."));
            assertThat(d.call("TFUNCTION", "DEBUG")).isEqualTo(err("ERR wrong number of arguments for 'tfunction' command"));
            assertThat(d.call("TFUNCTION", "DEBUG", "lua")).isEqualTo(err("Backend 'lua' does not exists or not yet loaded"));
            assertThat(d.call("TFUNCTION", "DEBUG", "js")).isEqualTo(err("Subcommand was not provided"));
            assertThat(d.call("TFUNCTION", "DEBUG", "js", "nope")).isEqualTo(err("Unknown subcommand 'nope'"));
            assertThat(d.call("TFUNCTION", "DEBUG", "js", "HELP")).isEqualTo("*4\r\n"
                    + bulk("isolates_stats - statistics about isolates.")
                    + bulk("isolates_strong_count - For each isolate returns its strong ref count value.")
                    + bulk("isolates_gc - Runs GC to clear none active isolates.")
                    + bulk("help - Print this message."));
            assertThat(load(d, "dbg", "redis.registerFunction('f', () => 1);\n"
                    + "redis.registerFunction('info', (c) => typeof c.call('config', 'get', 'maxmemory'));\n"
                    + "redis.registerAsyncFunction('pop', async (c) => await c.block((s) => s.callAsync('blpop', 'l', '0')));"))
                    .isEqualTo(OK);
            assertThat(d.call("TFUNCTION", "DEBUG", "js", "isolates_stats")).isEqualTo("*4\r\n" + bulk("active") + integer(1)
                    + bulk("not_active") + integer(0));
            assertThat(d.call("TFUNCTION", "DEBUG", "js", "isolates_strong_count")).isEqualTo("*1\r\n" + integer(1));
            assertThat(d.call("TFUNCTION", "DEBUG", "js", "isolates_gc")).isEqualTo(OK);
            // pending callAsync commands per library
            try (RespClient blocked = new RespClient(r)) {
                blocked.setTimeout(30_000);
                blocked.send("TFCALLASYNC", "dbg.pop", "0");
                String dump = "";
                for (int i = 0; i < 300 && !dump.contains("blpop"); i++) {
                    dump = d.call("TFUNCTION", "DEBUG", "dump_pending_async_calls");
                    sleep(10);
                }
                assertThat(dump).isEqualTo("*2\r\n" + bulk("dbg") + "*1\r\n" + bulk("blpop l 0"));
                d.call("RPUSH", "l", "x");
                assertThat(blocked.read()).isEqualTo("*2\r\n" + bulk("l") + bulk("x"));
            }
            // allow_unsafe_redis_commands lifts the script-mode refusal of noscript commands
            assertThat(d.call("TFCALL", "dbg.info", "0")).isEqualTo(err("ERR command 'config|get' is not allowed on script mode"));
            assertThat(d.call("TFUNCTION", "DEBUG", "allow_unsafe_redis_commands")).isEqualTo(OK);
            assertThat(d.call("TFCALL", "dbg.info", "0")).isEqualTo(bulk("object"));
            assertThat(d.call("TFUNCTION", "DEBUG", "panic_on_thread_pool")).isEqualTo(OK);
            assertThat(d.call("PING")).isEqualTo("+PONG\r\n");
        }
    }

    @Test
    void tconfigGetAndSet() {
        assertThat(c.call("TCONFIG_GET", "lock-redis-timeout")).isEqualTo("*2\r\n" + bulk("redisgears_2.lock-redis-timeout") + bulk("500"));
        assertThat(c.call("TCONFIG_SET", "lock-redis-timeout", "1000")).isEqualTo(OK);
        assertThat(c.call("CONFIG", "GET", "redisgears_2.lock-redis-timeout")).isEqualTo(
                "*2\r\n" + bulk("redisgears_2.lock-redis-timeout") + bulk("1000"));
        assertThat(c.call("TCONFIG_SET", "lock-redis-timeout", "50")).contains("argument must be between 100 and 1000000000");
        assertThat(c.call("TCONFIG_SET", "lock-redis-timeout", "x")).contains("argument couldn't be parsed into an integer");
        assertThat(c.call("TCONFIG_SET", "execution-threads", "2")).contains("can't set immutable config");
        assertThat(c.call("TCONFIG_GET", "unknown")).isEqualTo("*0\r\n");
        assertThat(c.call("TCONFIG_SET", "unknown", "x")).contains("Unknown option or number of arguments");
        assertThat(c.call("TCONFIG_SET", "lock-redis-timeout", "500")).isEqualTo(OK);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.emredis.lua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * redis.log writes to the server log as redis-server 7.0.15 does (lines recorded from a real
 * server started with --logfile): "pid:M dd Mon yyyy hh:mm:ss.mmm <.-*#> msg", string and number
 * arguments joined by spaces, the level truncated to an int, lines below loglevel dropped.
 */
class RedisLogTest {
    @TempDir
    Path dir;
    private RedisEmulator redis;
    private RespClient c;
    private Path logfile;

    @BeforeEach
    void start() {
        logfile = dir.resolve("redis.log");
        redis = RedisEmulator.builder().seed(1).config("logfile", logfile.toString()).build().start();
        redis.clock().freeze().set(Instant.parse("2026-12-01T21:04:27.706Z"));
        c = new RespClient(redis);
    }

    @AfterEach
    void stop() {
        c.close();
        redis.close();
    }

    private List<String> lines() throws Exception {
        return Files.exists(logfile) ? Files.readAllLines(logfile) : List.of();
    }

    /** The line without the pid and with the time in the JVM's zone replaced by the UTC one. */
    private static String strip(String line) {
        return line.substring(line.indexOf(':') + 1);
    }

    @Test
    void linesHaveRedisFormatAndLevelFiltering() throws Exception {
        String r = c.call("EVAL", "redis.log(redis.LOG_WARNING, 'hello', 1, nil, 'x', 2.5, {}, true) "
                + "redis.log(redis.LOG_NOTICE, nil, 'lead') redis.log(redis.LOG_VERBOSE, 'verbose') "
                + "redis.log(redis.LOG_DEBUG, 'dbg') redis.log(1.5, 'frac') redis.log(2.9, 'frac2') redis.log(-0.5, 'neg')", "0");
        assertThat(r).isEqualTo("$-1\r\n");
        List<String> lines = lines();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("\\d+:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} # hello 1 x 2\\.5");
        if (java.util.TimeZone.getDefault().getRawOffset() == 0) {
            assertThat(strip(lines.get(0))).isEqualTo("M 01 Dec 2026 21:04:27.706 # hello 1 x 2.5");
        }
        assertThat(lines.get(1)).endsWith(" *  lead");
        assertThat(lines.get(2)).endsWith(" * frac2");
        assertThat(lines.get(0)).startsWith(ProcessHandle.current().pid() + ":M ");
    }

    @Test
    void loglevelDebugLetsEverythingThrough() throws Exception {
        assertThat(c.call("CONFIG", "SET", "loglevel", "debug")).isEqualTo("+OK\r\n");
        c.call("EVAL", "redis.log(0, 'now debug') redis.log(1.5, 'frac') redis.log(3, 'a\\nb')", "0");
        List<String> lines = lines();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).endsWith(" . now debug");
        assertThat(lines.get(1)).endsWith(" - frac");
        // newlines are written as they are
        assertThat(lines.get(2)).endsWith(" # a");
        assertThat(lines.get(3)).isEqualTo("b");
    }

    @Test
    void warningLevelDropsNotice() throws Exception {
        c.call("CONFIG", "SET", "loglevel", "warning");
        c.call("EVAL", "redis.log(redis.LOG_NOTICE, 'dropped') redis.log(redis.LOG_WARNING, 'kept')", "0");
        assertThat(lines()).hasSize(1);
        assertThat(lines().get(0)).endsWith(" # kept");
    }

    @Test
    void levelErrorsAsRedis() throws Exception {
        assertThat(c.call("EVAL", "redis.log(4, 'x')", "0")).startsWith("-ERR Invalid debug level. script: ");
        assertThat(c.call("EVAL", "redis.log(-1, 'x')", "0")).startsWith("-ERR Invalid debug level. script: ");
        assertThat(c.call("EVAL", "redis.log(3.99, 'x')", "0")).isEqualTo("$-1\r\n");
        assertThat(c.call("EVAL", "redis.log('3', 'x')", "0")).isEqualTo("$-1\r\n");
        assertThat(c.call("EVAL", "redis.log('a', 'x')", "0")).startsWith("-ERR First argument must be a number (log level). script: ");
        assertThat(c.call("EVAL", "redis.log(3)", "0")).startsWith("-ERR redis.log() requires two arguments or more. script: ");
        assertThat(lines()).hasSize(2);
    }

    @Test
    void functionsLogToo() throws Exception {
        c.call("FUNCTION", "LOAD", "#!lua name=lib\nredis.log(redis.LOG_WARNING, 'at load')\n"
                + "redis.register_function('f', function() redis.log(redis.LOG_WARNING, 'in f') end)");
        c.call("FCALL", "f", "0");
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).endsWith(" # at load");
        assertThat(lines.get(1)).endsWith(" # in f");
    }
}

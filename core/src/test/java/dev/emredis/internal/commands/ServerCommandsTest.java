package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.internal.keyspace.RedisString;
import dev.emredis.internal.server.Server;
import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServerCommandsTest extends EmulatorTest {

    private Server server() {
        return redis.internalServer();
    }

    private void config(String name, String value) {
        server().loop().call(() -> {
            server().config().set(name, value);
            return null;
        });
    }

    private void put(String key, String value) {
        server().loop().call(() -> {
            server().db(0).put(key.getBytes(StandardCharsets.UTF_8), new RedisString(value.getBytes(StandardCharsets.UTF_8)));
            return null;
        });
    }

    @AfterEach
    void restoreConfig() {
        config("slowlog-log-slower-than", "10000");
        config("slowlog-max-len", "128");
        config("latency-monitor-threshold", "0");
        config("enable-debug-command", "no");
        server().loop().call(() -> {
            server().diagnostics.slowlog.clear();
            server().diagnostics.resetLatency(null);
            server().diagnostics.histograms.clear();
            server().activeExpireEnabled = true;
            return null;
        });
    }

    @Test
    void timeComesFromTheVirtualClock() {
        redis.clock().freeze().set(Instant.ofEpochSecond(1_700_000_000L, 123_456_000L));
        assertThat(c.call("TIME")).isEqualTo("*2\r\n$10\r\n1700000000\r\n$6\r\n123456\r\n");
        redis.clock().set(Instant.ofEpochSecond(1_700_000_001L, 7_000L));
        assertThat(c.call("TIME")).isEqualTo("*2\r\n$10\r\n1700000001\r\n$1\r\n7\r\n");
        assertThat(c.call("TIME", "x")).isEqualTo("-ERR wrong number of arguments for 'time' command\r\n");
    }

    @Test
    void saveMovesLastsaveAndResetsDirty() {
        redis.clock().freeze().set(Instant.ofEpochSecond(1_800_000_000L));
        put("k", "v");
        assertThat(server().dirty).isGreaterThan(0);
        assertThat(c.call("SAVE")).isEqualTo("+OK\r\n");
        assertThat(c.call("LASTSAVE")).isEqualTo(":1800000000\r\n");
        assertThat(server().dirty).isZero();
        redis.clock().set(Instant.ofEpochSecond(1_800_000_100L));
        assertThat(c.call("BGSAVE")).isEqualTo("+Background saving started\r\n");
        assertThat(c.call("LASTSAVE")).isEqualTo(":1800000100\r\n");
        assertThat(c.call("BGSAVE", "schedule")).isEqualTo("+Background saving started\r\n");
        assertThat(c.call("BGSAVE", "foo")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("BGSAVE", "SCHEDULE", "x")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("BGREWRITEAOF")).isEqualTo("+Background append only file rewriting started\r\n");
    }

    /** As redis-server 7.0.15 answers MULTI, BGSAVE, BGREWRITEAOF, BGSAVE bad, EXEC with no child running. */
    @Test
    void backgroundJobsInsideExecAreScheduled() {
        c.call("MULTI");
        c.call("BGSAVE");
        c.call("BGREWRITEAOF");
        c.call("BGSAVE", "bad");
        assertThat(c.call("EXEC")).isEqualTo("*3\r\n+Background saving scheduled\r\n"
                + "+Background append only file rewriting scheduled\r\n-ERR syntax error\r\n");
    }

    @Test
    void roleOfAMaster() {
        assertThat(c.call("ROLE")).isEqualTo("*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n");
    }

    @Test
    void slowlogRecordsTruncatesAndCaps() {
        redis.clock().freeze().set(Instant.ofEpochSecond(1_700_000_000L));
        config("slowlog-log-slower-than", "0");
        assertThat(c.call("SLOWLOG", "RESET")).isEqualTo("+OK\r\n");
        c.call("ECHO", "x".repeat(130));
        String[] many = new String[40];
        many[0] = "PING";
        for (int i = 1; i < many.length; i++) many[i] = "a" + i;
        c.call(many);
        // SLOWLOG RESET is itself logged once it has run
        assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(":3\r\n");
        String got = c.call("SLOWLOG", "GET", "2");
        // newest first: SLOWLOG LEN, then the PING with 40 args (31 shown + a count of the rest)
        assertThat(got).startsWith("*2\r\n*6\r\n:");
        assertThat(got).contains(":1700000000\r\n");
        assertThat(got).contains("*2\r\n$7\r\nSLOWLOG\r\n$3\r\nLEN\r\n$15\r\n127.0.0.1:");
        assertThat(got).contains("*32\r\n$4\r\nPING\r\n$2\r\na1\r\n");
        assertThat(got).contains("$3\r\na30\r\n$22\r\n... (9 more arguments)\r\n$15\r\n127.0.0.1:");
        assertThat(got).endsWith("\r\n$0\r\n\r\n");
        String all = c.call("SLOWLOG", "GET", "-1");
        assertThat(all).startsWith("*5\r\n");
        assertThat(all).contains("$4\r\nECHO\r\n$146\r\n" + "x".repeat(128) + "... (2 more bytes)\r\n");
        config("slowlog-max-len", "2");
        c.call("PING");
        assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(":2\r\n");
        assertThat(c.call("SLOWLOG", "GET", "0")).isEqualTo("*0\r\n");
        assertThat(c.call("SLOWLOG", "GET", "-2")).isEqualTo("-ERR count should be greater than or equal to -1\r\n");
        assertThat(c.call("SLOWLOG", "GET", "x")).isEqualTo("-ERR count should be greater than or equal to -1\r\n");
        assertThat(c.call("SLOWLOG", "GET", "1", "2"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n");
        assertThat(c.call("SLOWLOG", "FOO")).isEqualTo("-ERR unknown subcommand 'FOO'. Try SLOWLOG HELP.\r\n");
        config("slowlog-log-slower-than", "-1");
        c.call("SLOWLOG", "RESET");
        c.call("PING");
        assertThat(c.call("SLOWLOG", "LEN")).isEqualTo(":0\r\n");
    }

    @Test
    void secretsAreRedactedAsRedis70Does() {
        var d = server().diagnostics;
        assertThat(show(d.redacted("auth", args("AUTH", "pw")))).isEqualTo("AUTH (redacted)");
        assertThat(show(d.redacted("auth", args("AUTH", "u", "pw")))).isEqualTo("AUTH (redacted) (redacted)");
        assertThat(show(d.redacted("auth", args("AUTH", "a", "b", "c")))).isEqualTo("AUTH a b c");
        assertThat(show(d.redacted("hello", args("HELLO", "2", "SETNAME", "n", "AUTH", "u", "p"))))
                .isEqualTo("HELLO 2 SETNAME n AUTH (redacted) (redacted)");
        assertThat(show(d.redacted("hello", args("HELLO", "4", "AUTH", "u", "p")))).isEqualTo("HELLO 4 AUTH u p");
    }

    private static byte[][] args(String... a) {
        byte[][] b = new byte[a.length][];
        for (int i = 0; i < a.length; i++) b[i] = a[i].getBytes(StandardCharsets.UTF_8);
        return b;
    }

    private static String show(byte[][] argv) {
        StringBuilder b = new StringBuilder();
        for (byte[] a : argv) b.append(b.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
        return b.toString();
    }

    /** Switches the newest connection (the test's {@code c}) to RESP3 without HELLO. */
    private void resp3() {
        server().loop().call(() -> {
            long max = server().clients().keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            server().clients().get(max).out.protocol(3);
            return null;
        });
    }

    @Test
    void helpReplies() {
        assertThat(c.call("SLOWLOG", "HELP")).isEqualTo("*12\r\n"
                + "+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
                + "+GET [<count>]\r\n"
                + "+    Return top <count> entries from the slowlog (default: 10, -1 mean all).\r\n"
                + "+    Entries are made of:\r\n"
                + "+    id, timestamp, time in microseconds, arguments array, client IP and port,\r\n"
                + "+    client name\r\n"
                + "+LEN\r\n"
                + "+    Return the length of the slowlog.\r\n"
                + "+RESET\r\n"
                + "+    Reset the slowlog.\r\n"
                + "+HELP\r\n"
                + "+    Prints this help.\r\n");
        assertThat(c.call("memory", "help")).startsWith("*14\r\n+MEMORY <subcommand>");
        assertThat(c.call("LATENCY", "HELP")).startsWith("*17\r\n+LATENCY <subcommand>");
    }

    @Test
    void debugIsRefusedByDefault() {
        assertThat(c.call("DEBUG", "SLEEP", "0")).startsWith("-ERR DEBUG command not allowed. If the enable-debug-command option");
        config("enable-debug-command", "local");
        assertThat(c.call("DEBUG", "SLEEP", "0")).isEqualTo("+OK\r\n");
    }

    @Test
    void debugSubcommands() {
        config("enable-debug-command", "yes");
        assertThat(c.call("DEBUG", "HELP")).startsWith("*106\r\n+DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n");
        assertThat(c.call("DEBUG", "FOO"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP.\r\n");
        assertThat(c.call("DEBUG", "OBJECT"))
                .isEqualTo("-ERR unknown subcommand or wrong number of arguments for 'OBJECT'. Try DEBUG HELP.\r\n");
        assertThat(c.call("DEBUG", "OBJECT", "nokey")).isEqualTo("-ERR no such key\r\n");
        put("k", "v");
        put("i", "5");
        redis.clock().freeze().set(Instant.ofEpochSecond(1_700_000_000L));
        put("j", "100000");
        assertThat(c.call("DEBUG", "OBJECT", "k")).matches(
                "\\+Value at:0x7f[0-9a-f]{10} refcount:1 encoding:embstr serializedlength:2 lru:\\d+ lru_seconds_idle:\\d+\r\n");
        assertThat(c.call("DEBUG", "OBJECT", "i")).contains(" refcount:2147483647 encoding:int serializedlength:2 ");
        long lru = 1_700_000_000L & ((1 << 24) - 1);
        assertThat(c.call("DEBUG", "OBJECT", "j")).endsWith(" refcount:1 encoding:int serializedlength:5 lru:" + lru + " lru_seconds_idle:0\r\n");
        assertThat(c.call("DEBUG", "RELOAD")).isEqualTo("+OK\r\n");
        assertThat(c.call("DEBUG", "RELOAD", "MERGE", "NOFLUSH", "NOSAVE")).isEqualTo("+OK\r\n");
        assertThat(c.call("DEBUG", "RELOAD", "FOO")).isEqualTo("-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k")).isEqualTo(":64\r\n");
        assertThat(c.call("DEBUG", "CHANGE-REPL-ID")).isEqualTo("+OK\r\n");
        assertThat(c.call("DEBUG", "ERROR", "CUSTOM thing")).isEqualTo("-CUSTOM thing\r\n");
        assertThat(c.call("DEBUG", "PROTOCOL", "map")).isEqualTo("*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n");
        assertThat(c.call("DEBUG", "PROTOCOL", "push")).isEqualTo("-ERR RESP2 is not supported by this command\r\n");
        assertThat(c.call("DEBUG", "POPULATE", "x")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(c.call("DEBUG", "POPULATE", "2", "p", "10")).isEqualTo("+OK\r\n");
        assertThat(c.call("MEMORY", "USAGE", "p:1")).isEqualTo(":64\r\n");
    }

    @Test
    void debugSleepBlocksAndFeedsLatencyMonitor() {
        config("enable-debug-command", "yes");
        config("latency-monitor-threshold", "1");
        redis.clock().freeze().set(Instant.ofEpochSecond(1_700_000_000L));
        long t0 = System.nanoTime();
        assertThat(c.call("DEBUG", "SLEEP", "0.05")).isEqualTo("+OK\r\n");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(50_000_000L);
        String latest = c.call("LATENCY", "LATEST");
        assertThat(latest).startsWith("*1\r\n*4\r\n$7\r\ncommand\r\n:1700000000\r\n:");
        assertThat(c.call("LATENCY", "HISTORY", "command")).startsWith("*1\r\n*2\r\n:1700000000\r\n:");
        assertThat(c.call("LATENCY", "GRAPH", "command")).contains("command - high ");
        assertThat(c.call("LATENCY", "GRAPH", "nope")).isEqualTo("-ERR No samples available for event 'nope'\r\n");
        assertThat(c.call("LATENCY", "DOCTOR")).contains("1. command: 1 latency spikes");
        assertThat(c.call("LATENCY", "RESET", "COMMAND", "other")).isEqualTo(":1\r\n");
        assertThat(c.call("LATENCY", "LATEST")).isEqualTo("*0\r\n");
        assertThat(c.call("LATENCY", "DOCTOR")).contains("Dave, no latency spike was observed");
        config("latency-monitor-threshold", "0");
        assertThat(c.call("LATENCY", "DOCTOR")).contains("I'm sorry, Dave, I can't do that.");
    }

    @Test
    void latencyHistogram() {
        c.call("PING");
        c.call("PING");
        String h = c.call("LATENCY", "HISTOGRAM", "ping", "nosuch");
        assertThat(h).startsWith("*2\r\n$4\r\nping\r\n*4\r\n$5\r\ncalls\r\n:");
        assertThat(h).contains("$14\r\nhistogram_usec\r\n*");
        assertThat(c.call("LATENCY", "HISTOGRAM", "nosuch")).isEqualTo("*0\r\n");
        c.call("LATENCY", "HELP");
        String lat = c.call("LATENCY", "HISTOGRAM", "LATENCY");
        assertThat(lat).startsWith("*4\r\n").contains("$12\r\nlatency|help\r\n").contains("$17\r\nlatency|histogram\r\n");
        resp3();
        assertThat(c.call("LATENCY", "HISTOGRAM", "latency|help")).startsWith("%1\r\n$12\r\nlatency|help\r\n%2\r\n$5\r\ncalls\r\n:1\r\n");
    }

    @Test
    void histogramBucketsMatchRedisReporting() {
        // Redis reports 1024ns*2^k buckets by their highest equivalent value: 1, 2, 4, 8, 16, 33, 66, 132 ... usec
        assertThat(dev.emredis.internal.server.Diagnostics.bucketUpperNanos(3) / 1000).isEqualTo(8);
        assertThat(dev.emredis.internal.server.Diagnostics.bucketUpperNanos(6) / 1000).isEqualTo(66);
        assertThat(dev.emredis.internal.server.Diagnostics.bucketUpperNanos(7) / 1000).isEqualTo(132);
        assertThat(dev.emredis.internal.server.Diagnostics.bucketUpperNanos(12) / 1000).isEqualTo(4227);
        assertThat(dev.emredis.internal.server.Diagnostics.bucketUpperNanos(14) / 1000).isEqualTo(16908);
    }

    @Test
    void memoryUsageOfStringsMatchesRedis() {
        put("k", "v");
        put("kint", "12345");
        put("k44", "x".repeat(44));
        put("k45", "x".repeat(45));
        put("k100", "x".repeat(100));
        put("k1000", "x".repeat(1000));
        put("big", "y".repeat(20000));
        put("K".repeat(40), "v");
        assertThat(c.call("MEMORY", "USAGE", "k")).isEqualTo(":64\r\n");
        assertThat(c.call("MEMORY", "USAGE", "kint")).isEqualTo(":48\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k44")).isEqualTo(":96\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k45")).isEqualTo(":112\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k100")).isEqualTo(":160\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k1000")).isEqualTo(":1072\r\n");
        assertThat(c.call("MEMORY", "USAGE", "big")).isEqualTo(":20528\r\n");
        assertThat(c.call("MEMORY", "USAGE", "K".repeat(40))).isEqualTo(":104\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k", "SAMPLES", "0")).isEqualTo(":64\r\n");
        assertThat(c.call("MEMORY", "USAGE", "nokey")).isEqualTo("$-1\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k", "SAMPLES")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k", "SAMPLES", "-1")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("MEMORY", "USAGE", "k", "SAMPLES", "x")).isEqualTo("-ERR value is not an integer or out of range\r\n");
        assertThat(c.call("MEMORY", "PURGE")).isEqualTo("+OK\r\n");
        assertThat(c.call("MEMORY", "DOCTOR")).startsWith("$268\r\nHi Sam, this instance is empty");
    }

    @Test
    void memoryStatsHasRedisFields() {
        put("k", "v");
        String s = c.call("MEMORY", "STATS");
        assertThat(s).startsWith("*56\r\n$14\r\npeak.allocated\r\n:");
        assertThat(s).contains("$4\r\ndb.0\r\n*6\r\n$23\r\noverhead.hashtable.main\r\n:");
        assertThat(s).contains("$10\r\nkeys.count\r\n:1\r\n");
        assertThat(s).contains("$19\r\nfragmentation.bytes\r\n:");
        resp3();
        String r3 = c.call("MEMORY", "STATS");
        assertThat(r3).startsWith("%28\r\n");
        assertThat(r3).contains("$18\r\ndataset.percentage\r\n,");
    }

    @Test
    void monitorFeedsOtherClientsCommands() {
        redis.clock().freeze().set(Instant.ofEpochSecond(1_700_000_000L, 5_000L));
        try (RespClient m = connect()) {
            assertThat(m.call("MONITOR")).isEqualTo("+OK\r\n");
            c.call("PING");
            assertThat(m.read()).matches("\\+1700000000\\.000005 \\[0 127\\.0\\.0\\.1:\\d+\\] \"PING\"\r\n");
            c.call("ECHO", "a \"b\"\n\u0001\\");
            assertThat(m.read()).endsWith("] \"ECHO\" \"a \\\"b\\\"\\n\\x01\\\\\"\r\n");
            c.call("SLOWLOG", "LEN");
            c.call("SELECT", "2");
            assertThat(m.read()).matches("\\+1700000000\\.000005 \\[2 127\\.0\\.0\\.1:\\d+\\] \"SELECT\" \"2\"\r\n");
            c.call("NOSUCH");
            c.call("SELECT", "0");
            assertThat(m.read()).endsWith("\"SELECT\" \"0\"\r\n");
            // the monitor's own commands are fed too (after their reply); keyspace access is refused
            assertThat(m.call("PING")).isEqualTo("+PONG\r\n");
            assertThat(m.read()).endsWith("] \"PING\"\r\n");
            assertThat(m.call("MEMORY", "USAGE", "k")).isEqualTo("-ERR Replica can't interact with the keyspace\r\n");
            m.send("MONITOR");
            assertThat(m.call("ECHO", "x")).isEqualTo("$1\r\nx\r\n");
        }
    }

    @Test
    void debugSetActiveExpireStopsActiveExpiry() {
        config("enable-debug-command", "yes");
        assertThat(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "0")).isEqualTo("+OK\r\n");
        put("k", "v");
        server().loop().call(() -> {
            server().db(0).setExpire("k".getBytes(StandardCharsets.UTF_8), redis.clock().millis() + 1000);
            return null;
        });
        redis.clock().advance(java.time.Duration.ofSeconds(5));
        assertThat(server().loop().call(() -> server().db(0).keys.size())).isEqualTo(1);
        assertThat(c.call("DEBUG", "SET-ACTIVE-EXPIRE", "1")).isEqualTo("+OK\r\n");
        redis.clock().advance(java.time.Duration.ofSeconds(1));
        assertThat(server().loop().call(() -> server().db(0).keys.size())).isEqualTo(0);
    }

    @Test
    void shutdownErrorsAndShutdown() {
        assertThat(c.call("SHUTDOWN", "ABORT")).isEqualTo("-ERR No shutdown in progress.\r\n");
        assertThat(c.call("SHUTDOWN", "ABORT", "NOW")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("SHUTDOWN", "SAVE", "NOSAVE")).isEqualTo("-ERR syntax error\r\n");
        assertThat(c.call("SHUTDOWN", "FOO")).isEqualTo("-ERR syntax error\r\n");
        try (RedisEmulator other = RedisEmulator.builder().build().start();
             RespClient a = new RespClient(other);
             RespClient b = new RespClient(other)) {
            assertThat(b.call("PING")).isEqualTo("+PONG\r\n");
            a.send("SHUTDOWN", "NOSAVE", "NOW", "FORCE");
            assertThat(a.isClosedByServer(2000)).isTrue();
            assertThat(b.isClosedByServer(2000)).isTrue();
            assertThat(other.isClosed()).isTrue();
        }
    }
}

package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.internal.rdb.Crc64;
import dev.emredis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** DUMP/RESTORE inside the emulator: round trips, the virtual clock, DEBUG hooks, garbage payloads. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DumpCommandsTest {
    private RedisEmulator redis;
    private RespClient c;

    @BeforeAll
    void start() {
        redis = RedisEmulator.builder().seed(1).config("enable-debug-command", "yes").build().start();
        c = new RespClient(redis);
    }

    @AfterAll
    void stop() {
        c.close();
        redis.close();
    }

    @BeforeEach
    void flush() {
        redis.flushAll();
        redis.clock().useSystemTime();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private byte[] dump(String key) {
        String raw = c.call("DUMP", key);
        int crlf = raw.indexOf("\r\n");
        int n = Integer.parseInt(raw.substring(1, crlf));
        return b(raw.substring(crlf + 2, crlf + 2 + n));
    }

    private String restore(String key, byte[] payload, String... opts) {
        byte[][] args = new byte[4 + opts.length][];
        args[0] = b("RESTORE");
        args[1] = b(key);
        args[2] = b("0");
        args[3] = payload;
        for (int i = 0; i < opts.length; i++) args[4 + i] = b(opts[i]);
        return c.callBytes(args);
    }

    private static final List<String[]> VALUES = List.of(
            new String[] {"SET", "k", "12345"},
            new String[] {"SET", "k", "x".repeat(1000)},
            new String[] {"RPUSH", "k", "a", "1", "-99999999999", "x".repeat(5000)},
            new String[] {"HSET", "k", "f", "v", "g", "1"},
            new String[] {"SADD", "k", "1", "2", "-3"},
            new String[] {"SADD", "k", "a", "b"},
            new String[] {"ZADD", "k", "1", "a", "2.5", "b", "-inf", "c"},
            new String[] {"XADD", "k", "1-1", "f", "v"},
            new String[] {"PFADD", "k", "a", "b"});

    private String read(String key) {
        return switch (c.call("TYPE", key)) {
            case "+string\r\n" -> c.call("GET", key);
            case "+list\r\n" -> c.call("LRANGE", key, "0", "-1");
            case "+hash\r\n" -> c.call("HGETALL", key);
            case "+set\r\n" -> c.call("SORT", key, "ALPHA");
            case "+zset\r\n" -> c.call("ZRANGE", key, "0", "-1", "WITHSCORES");
            case "+stream\r\n" -> c.call("XRANGE", key, "-", "+");
            default -> "none";
        };
    }

    @Test
    void everyTypeRoundTripsWithItsEncodingAndSerializedLength() {
        for (String[] cmd : VALUES) {
            c.call("DEL", "k", "copy");
            c.call(cmd);
            byte[] p = dump("k");
            assertThat(restore("copy", p)).isEqualTo("+OK\r\n");
            assertThat(read("copy")).as(cmd[0]).isEqualTo(read("k"));
            // strings come back as a new object would be (an HLL built raw restores as embstr, as in Redis)
            if (!cmd[0].equals("PFADD")) assertThat(c.call("OBJECT", "ENCODING", "copy")).isEqualTo(c.call("OBJECT", "ENCODING", "k"));
            // a hashtable's order is its own (as in Redis, whose dicts are seeded at random)
            if (!c.call("OBJECT", "ENCODING", "k").contains("hashtable")) assertThat(dump("copy")).isEqualTo(p);
            // serializedlength: the payload without its type byte and 10-byte footer
            assertThat(c.call("DEBUG", "OBJECT", "k")).contains(" serializedlength:" + (p.length - 11) + " ");
        }
        assertThat(c.call("DUMP", "nokey")).isEqualTo("$-1\r\n");
    }

    @Test
    void ttlAndIdleTimeFollowTheVirtualClock() {
        redis.clock().freeze().set(Instant.parse("2030-01-01T00:00:00Z"));
        c.call("SET", "k", "v");
        byte[] p = dump("k");
        c.callBytes(b("RESTORE"), b("t"), b("5000"), p);
        assertThat(c.call("PTTL", "t")).isEqualTo(":5000\r\n");
        long at = Instant.parse("2030-01-01T00:01:00Z").toEpochMilli();
        c.callBytes(b("RESTORE"), b("a"), b(Long.toString(at)), p, b("ABSTTL"), b("IDLETIME"), b("100"));
        assertThat(c.call("PEXPIRETIME", "a")).isEqualTo(":" + at + "\r\n");
        assertThat(c.call("OBJECT", "IDLETIME", "a")).isEqualTo(":100\r\n");
        redis.clock().advance(Duration.ofSeconds(10));
        assertThat(c.call("OBJECT", "IDLETIME", "a")).isEqualTo(":110\r\n");
        assertThat(c.call("EXISTS", "t")).isEqualTo(":0\r\n");
        // an absolute time already past: OK, and no key
        assertThat(c.callBytes(b("RESTORE"), b("gone"), b(Long.toString(at - 60_000)), p, b("ABSTTL"))).isEqualTo("+OK\r\n");
        assertThat(c.call("EXISTS", "gone")).isEqualTo(":0\r\n");
    }

    /** IDLETIME beyond the 24-bit LRU clock wraps as in Redis (values checked against redis-server). */
    @Test
    void idleTimeWrapsLikeTheLruClock() {
        redis.clock().freeze().set(Instant.ofEpochSecond(100L * (1 << 24) + 990714));
        c.call("SET", "k", "v");
        byte[] p = dump("k");
        String[][] cases = {{"100000000", "16113920"}, {"9223372036854775807", "16777214"}, {"16777216", "1"}, {"16777215", "0"}, {"5000000", "5000000"}};
        for (String[] t : cases) {
            assertThat(restore("i", p, "REPLACE", "IDLETIME", t[0])).isEqualTo("+OK\r\n");
            assertThat(c.call("OBJECT", "IDLETIME", "i")).as(t[0]).isEqualTo(":" + t[1] + "\r\n");
        }
    }

    @Test
    void skipChecksumValidationAcceptsAWrongCrc() {
        c.call("SET", "k", "v");
        byte[] p = dump("k");
        p[p.length - 1] ^= 1;
        assertThat(restore("x", p)).isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
        assertThat(c.call("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "1")).isEqualTo("+OK\r\n");
        assertThat(restore("x", p)).isEqualTo("+OK\r\n");
        assertThat(c.call("GET", "x")).isEqualTo("$1\r\nv\r\n");
        c.call("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0");
        assertThat(restore("y", p)).isEqualTo("-ERR DUMP payload version or checksum are wrong\r\n");
    }

    /** Damaged payloads (with a correct CRC) never crash the server nor leave a broken value. */
    @Test
    void garbagePayloadsAreRejectedOrLoadCleanly() {
        Random r = new Random(99);
        c.call("RPUSH", "l", "a", "bb", "123", "x".repeat(300));
        c.call("HSET", "h", "f", "v", "n", "5");
        c.call("ZADD", "z", "1", "a", "2", "b");
        c.call("SADD", "s", "1", "2", "300000");
        c.call("XADD", "st", "1-1", "f", "v", "g", "w");
        c.call("XADD", "st", "2-1", "f", "v", "g", "x");
        c.call("XGROUP", "CREATE", "st", "grp", "0");
        c.call("XREADGROUP", "GROUP", "grp", "alice", "COUNT", "1", "STREAMS", "st", ">");
        int ok = 0;
        for (String key : new String[] {"l", "h", "z", "s", "st"}) {
            byte[] good = dump(key);
            for (int i = 0; i < 400; i++) {
                byte[] p = Arrays.copyOf(good, good.length);
                int body = p.length - 10;
                int flips = 1 + r.nextInt(3);
                for (int f = 0; f < flips; f++) p[r.nextInt(body)] = (byte) r.nextInt(256);
                long crc = Crc64.of(p, 0, p.length - 8);
                for (int j = 0; j < 8; j++) p[p.length - 8 + j] = (byte) (crc >>> (8 * j));
                String reply = restore("fuzz", p, "REPLACE");
                assertThat(reply).isIn("+OK\r\n", "-ERR Bad data format\r\n");
                if (reply.startsWith("+")) {
                    ok++;
                    read("fuzz");
                    dump("fuzz");
                    c.call("OBJECT", "ENCODING", "fuzz");
                    c.call("DEBUG", "OBJECT", "fuzz");
                }
            }
        }
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        assertThat(ok).isPositive();
    }
}

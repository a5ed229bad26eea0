package dev.emredis.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RespClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which keys maxmemory eviction picks under each policy, with access times and TTLs arranged on
 * the virtual clock; and how used_memory moves. (Which keys real Redis evicts depends on its wall
 * clock and allocator, so these choices are checked here rather than against it.)
 */
class EvictionTest {
    private static final String VALUE = "x".repeat(300);
    private RedisEmulator redis;
    private RespClient c;

    @BeforeEach
    void start() {
        redis = RedisEmulator.builder().seed(7).build().start();
        c = new RespClient(redis);
        // a sample as large as the data makes Redis's approximation exact
        c.call("CONFIG", "SET", "maxmemory-samples", "10");
    }

    @AfterEach
    void stop() {
        c.close();
        redis.close();
    }

    private long info(String field) {
        Matcher m = Pattern.compile("\r\n" + field + ":(\\d+)\r\n").matcher(c.call("INFO", "all"));
        assertThat(m.find()).as(field).isTrue();
        return Long.parseLong(m.group(1));
    }

    /** Ten keys written a minute apart, k0 oldest. */
    private void tenKeys() {
        for (int i = 0; i < 10; i++) {
            assertThat(c.call("SET", "k" + i, VALUE)).isEqualTo("+OK\r\n");
            redis.clock().advance(Duration.ofMinutes(1));
        }
    }

    /** Sets maxmemory so that about {@code keys} 300-byte keys must go, and returns which went. */
    private List<String> evictAbout(double keys) {
        long used = info("used_memory");
        long perKey = Long.parseLong(c.call("MEMORY", "USAGE", "k9").replaceAll("\\D", ""));
        c.call("CONFIG", "SET", "maxmemory", Long.toString(used - (long) (perKey * keys)));
        List<String> gone = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            if (c.call("EXISTS", "k" + i).equals(":0\r\n")) gone.add("k" + i);
        }
        return gone;
    }

    @Test
    void lruEvictsTheLeastRecentlyUsedKeys() {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        tenKeys();
        c.call("GET", "k0");
        c.call("GET", "k1");
        assertThat(evictAbout(2.5)).containsExactly("k2", "k3", "k4");
        assertThat(info("evicted_keys")).isEqualTo(3);
        assertThat(info("used_memory")).isLessThanOrEqualTo(info("maxmemory"));
    }

    @Test
    void lfuEvictsTheLeastFrequentlyUsedKeys() {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        c.call("CONFIG", "SET", "lfu-log-factor", "0");
        c.call("CONFIG", "SET", "lfu-decay-time", "0");
        tenKeys();
        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 10 - i; j++) c.call("GET", "k" + i); // k9 accessed least
        }
        assertThat(c.call("OBJECT", "FREQ", "k9")).isEqualTo(":6\r\n");
        assertThat(evictAbout(1.5)).containsExactly("k8", "k9");
    }

    @Test
    void lfuCountersDecayWithTime() {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lfu");
        c.call("CONFIG", "SET", "lfu-log-factor", "0");
        c.call("SET", "k", "v");
        for (int i = 0; i < 10; i++) c.call("GET", "k");
        assertThat(c.call("OBJECT", "FREQ", "k")).isEqualTo(":15\r\n");
        redis.clock().advance(Duration.ofMinutes(4));
        assertThat(c.call("OBJECT", "FREQ", "k")).isEqualTo(":11\r\n");
        c.call("CONFIG", "SET", "lfu-decay-time", "2");
        assertThat(c.call("OBJECT", "FREQ", "k")).isEqualTo(":13\r\n");
        c.call("GET", "k");
        assertThat(c.call("OBJECT", "FREQ", "k")).isEqualTo(":14\r\n");
        c.call("CONFIG", "SET", "lfu-decay-time", "0");
        redis.clock().advance(Duration.ofHours(5));
        assertThat(c.call("OBJECT", "FREQ", "k")).isEqualTo(":14\r\n");
    }

    @Test
    void volatileTtlEvictsTheSoonestToExpireAndSparesPersistentKeys() {
        c.call("CONFIG", "SET", "maxmemory-policy", "volatile-ttl");
        tenKeys();
        for (int i = 0; i < 5; i++) c.call("EXPIRE", "k" + i, Integer.toString(1000 - i * 100));
        assertThat(evictAbout(2.5)).containsExactly("k2", "k3", "k4");
        // only k0 and k1 remain evictable: asking for more evicts them, then refuses writes
        assertThat(evictAbout(4)).containsExactly("k0", "k1", "k2", "k3", "k4");
        assertThat(c.call("SET", "new", "v")).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assertThat(c.call("GET", "k5")).startsWith("$300");
    }

    @Test
    void volatileLruLooksOnlyAtKeysWithATtl() {
        c.call("CONFIG", "SET", "maxmemory-policy", "volatile-lru");
        tenKeys();
        c.call("EXPIRE", "k7", "1000");
        c.call("EXPIRE", "k8", "1000");
        assertThat(evictAbout(1.5)).containsExactly("k7", "k8");
    }

    @Test
    void evictionSpansDatabases() {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-random");
        c.call("SELECT", "3");
        c.call("SET", "other", VALUE);
        c.call("SELECT", "0");
        tenKeys();
        c.call("CONFIG", "SET", "maxmemory", "1");
        assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
        c.call("SELECT", "3");
        assertThat(c.call("DBSIZE")).isEqualTo(":0\r\n");
        assertThat(info("evicted_keys")).isEqualTo(11);
    }

    @Test
    void writesThatOutgrowTheLimitEvictBeforeTheNextCommand() {
        c.call("CONFIG", "SET", "maxmemory-policy", "allkeys-lru");
        c.call("CONFIG", "SET", "maxmemory", Long.toString(info("used_memory") + 20_000));
        for (int i = 0; i < 200; i++) {
            assertThat(c.call("SET", "key" + i, VALUE)).isEqualTo("+OK\r\n");
            redis.clock().advance(Duration.ofSeconds(1));
        }
        long left = Long.parseLong(c.call("DBSIZE").replaceAll("\\D", ""));
        assertThat(left).isBetween(30L, 60L);
        // the newest keys are the ones kept
        assertThat(c.call("EXISTS", "key199")).isEqualTo(":1\r\n");
        assertThat(c.call("EXISTS", "key0")).isEqualTo(":0\r\n");
        assertThat(info("evicted_keys")).isEqualTo(200 - left);
    }

    @Test
    void noevictionRefusesWritesOnceFull() {
        c.call("CONFIG", "SET", "maxmemory", Long.toString(info("used_memory") + 10_000));
        int ok = 0;
        String reply = "";
        for (int i = 0; i < 100; i++) {
            reply = c.call("RPUSH", "list", VALUE);
            if (reply.startsWith("-")) break;
            ok++;
        }
        assertThat(reply).isEqualTo("-OOM command not allowed when used memory > 'maxmemory'.\r\n");
        assertThat(ok).isBetween(10, 40);
        assertThat(c.call("LPOP", "list", "5")).startsWith("*5");
        assertThat(c.call("RPUSH", "list", VALUE)).startsWith(":");
    }

    @Test
    void usedMemoryFollowsTheData() {
        long empty = info("used_memory");
        for (int i = 0; i < 1000; i++) c.call("SET", "key:" + i, VALUE);
        long full = info("used_memory");
        // real Redis 7.0.15: about 433 bytes per 300-byte string key (DEBUG POPULATE 1000)
        assertThat(full - empty).isBetween(433_000L / 2, 433_000L * 2);
        for (int i = 0; i < 1000; i++) c.call("EXPIRE", "key:" + i, "10");
        redis.clock().advance(Duration.ofSeconds(11));
        assertThat(info("used_memory")).isLessThan(empty + 1000);
        // the same with tracking on
        c.call("CONFIG", "SET", "maxmemory", "100mb");
        long tracked = info("used_memory");
        for (int i = 0; i < 1000; i++) c.call("SET", "key:" + i, VALUE);
        assertThat(info("used_memory") - tracked).isEqualTo(full - empty);
        c.call("FLUSHALL");
        assertThat(info("used_memory")).isEqualTo(tracked);
    }
}

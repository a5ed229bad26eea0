package dev.emredis.internal.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.server.ServerListener;
import dev.emredis.testing.EmulatorTest;
import dev.emredis.testing.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyCommandsTest extends EmulatorTest {
    private List<String> recordEvents() {
        List<String> events = new ArrayList<>();
        redis.internalServer().loop().call(() -> {
            redis.internalServer().addListener(new ServerListener() {
                @Override
                public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
                    synchronized (events) {
                        events.add(event + " " + new String(key, StandardCharsets.UTF_8));
                    }
                }
            });
            return null;
        });
        return events;
    }

    @Test
    void keysExpireActivelyWhenTheClockMovesWithoutBeingTouched() {
        List<String> events = recordEvents();
        c.call("CONFIG", "RESETSTAT");
        c.call("SET", "a", "1", "EX", "10");
        c.call("SET", "b", "2", "PX", "30000");
        c.call("SET", "c", "3");
        redis.clock().advance(Duration.ofSeconds(11));
        synchronized (events) {
            assertThat(events).contains("expired a").doesNotContain("expired b");
        }
        assertThat(c.call("DBSIZE")).isEqualTo(":2\r\n");
        redis.clock().advance(Duration.ofSeconds(20));
        assertThat(c.call("DBSIZE")).isEqualTo(":1\r\n");
        assertThat(c.call("INFO", "stats")).contains("expired_keys:2\r\n");
    }

    @Test
    void expiredEventsReachSubscribers() {
        try (RespClient sub = connect()) {
            c.call("CONFIG", "SET", "notify-keyspace-events", "Ex");
            assertThat(sub.call("SUBSCRIBE", "__keyevent@0__:expired")).startsWith("*3\r\n$9\r\nsubscribe\r\n");
            c.call("SET", "k", "v", "EX", "5");
            redis.clock().advance(Duration.ofSeconds(6));
            assertThat(sub.read()).isEqualTo("*3\r\n$7\r\nmessage\r\n$22\r\n__keyevent@0__:expired\r\n$1\r\nk\r\n");
        } finally {
            c.call("CONFIG", "SET", "notify-keyspace-events", "");
        }
    }

    @Test
    void ttlFollowsTheVirtualClock() {
        redis.clock().freeze();
        c.call("SET", "k", "v", "EX", "100");
        redis.clock().advance(Duration.ofMillis(40_400));
        assertThat(c.call("TTL", "k")).isEqualTo(":60\r\n");
        assertThat(c.call("PTTL", "k")).isEqualTo(":59600\r\n");
        assertThat(c.call("EXPIRE", "k", "10", "GT")).isEqualTo(":0\r\n");
        assertThat(c.call("EXPIRE", "k", "10", "LT")).isEqualTo(":1\r\n");
        redis.clock().advance(Duration.ofSeconds(10));
        assertThat(c.call("EXISTS", "k")).isEqualTo(":1\r\n"); // expired only once now > when
        redis.clock().advance(Duration.ofMillis(1));
        assertThat(c.call("EXISTS", "k")).isEqualTo(":0\r\n");
        redis.clock().unfreeze();
    }

    @Test
    void renameKeepsTheTtl() {
        redis.clock().freeze();
        c.call("SET", "a", "v", "PX", "5000");
        assertThat(c.call("RENAME", "a", "b")).isEqualTo("+OK\r\n");
        assertThat(c.call("PTTL", "b")).isEqualTo(":5000\r\n");
        redis.clock().advance(Duration.ofMillis(5001));
        assertThat(c.call("GET", "b")).isEqualTo("$-1\r\n");
        redis.clock().unfreeze();
    }

    @Test
    void objectIdletimeUsesTheVirtualClock() {
        c.call("SET", "k", "v");
        redis.clock().advance(Duration.ofSeconds(125));
        assertThat(c.call("OBJECT", "IDLETIME", "k")).isEqualTo(":125\r\n");
        c.call("GET", "k");
        assertThat(c.call("OBJECT", "IDLETIME", "k")).isEqualTo(":0\r\n");
    }

    @Test
    void scanReturnsEveryKeyPresentThroughoutWhileKeysComeAndGo() {
        for (int i = 0; i < 300; i++) c.call("SET", "stable:" + i, "v");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int round = 0;
        do {
            String reply = c.call("SCAN", cursor, "COUNT", "7");
            String[] lines = reply.split("\r\n");
            cursor = lines[2];
            for (int i = 5; i < lines.length; i += 2) seen.add(lines[i]);
            // churn between calls: the dict grows and shrinks under the cursor
            if (round++ % 3 == 0) for (int i = 0; i < 50; i++) c.call("SET", "churn:" + round + ":" + i, "v");
            else c.call("DEL", "churn:" + (round - 1) + ":1");
        } while (!cursor.equals("0"));
        for (int i = 0; i < 300; i++) assertThat(seen).contains("stable:" + i);
    }

    @Test
    void waitBlocksUntilItsTimeoutOnTheVirtualClock() {
        c.send("WAIT", "1", "5000");
        c.send("PING");
        c.setTimeout(300);
        assertThat(c.isClosedByServer(300)).isFalse(); // nothing answered yet
        c.setTimeout(5000);
        try (RespClient other = connect()) {
            assertThat(other.call("INFO", "clients")).contains("blocked_clients:1\r\n", "clients_in_timeout_table:1\r\n");
            assertThat(other.call("CLIENT", "LIST")).contains(" flags=b ").contains(" cmd=wait ");
        }
        redis.clock().advance(Duration.ofSeconds(5));
        assertThat(c.read()).isEqualTo(":0\r\n");
        assertThat(c.read()).isEqualTo("+PONG\r\n");
        assertThat(c.call("WAIT", "0", "0")).isEqualTo(":0\r\n");
    }

    @Test
    void flushallTouchesWatchers() {
        c.call("SET", "w", "1");
        c.call("WATCH", "w");
        try (RespClient other = connect()) {
            other.call("FLUSHALL");
        }
        c.call("MULTI");
        c.call("PING");
        assertThat(c.call("EXEC")).isEqualTo("*-1\r\n");
    }
}

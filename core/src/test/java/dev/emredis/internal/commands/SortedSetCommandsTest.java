package dev.emredis.internal.commands;

import static dev.emredis.testing.Replies.bulks;
import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.internal.keyspace.Database;
import dev.emredis.internal.keyspace.RedisList;
import dev.emredis.internal.keyspace.RedisObject;
import dev.emredis.internal.keyspace.RedisZSet;
import dev.emredis.internal.server.Server;
import dev.emredis.internal.server.ServerListener;
import dev.emredis.testing.EmulatorTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Sorted set commands: exact replies (checked against redis-server 7.0.15), events, encodings. */
class SortedSetCommandsTest extends EmulatorTest {
    private static final String NIL = "$-1\r\n";
    private static final String EMPTY = "*0\r\n";
    private static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    private static final String SYNTAX = "-ERR syntax error\r\n";

    private final List<String> events = new ArrayList<>();
    private final List<String> modified = new ArrayList<>();

    @BeforeAll
    void listen() {
        server().addListener(new ServerListener() {
            @Override
            public void keyspaceEvent(int type, String event, byte[] key, int dbid) {
                if (event.equals("new") || event.equals("keymiss")) return; // the keyspace's own events
                synchronized (events) {
                    events.add(event + " " + new String(key, StandardCharsets.UTF_8));
                }
            }

            @Override
            public void keyModified(Database db, byte[] key) {
                synchronized (modified) {
                    modified.add(new String(key, StandardCharsets.UTF_8));
                }
            }
        });
    }

    @BeforeEach
    void clear() {
        onLoop(() -> {
            events.clear();
            modified.clear();
            return null;
        });
    }

    private Server server() {
        return redis.internalServer();
    }

    private <T> T onLoop(Callable<T> task) {
        return server().loop().call(task);
    }

    private List<String> events() {
        return onLoop(() -> new ArrayList<>(events));
    }

    private void put(String key, RedisObject o) {
        onLoop(() -> {
            server().db(0).put(key.getBytes(StandardCharsets.UTF_8), o);
            return null;
        });
        clear();
    }

    private String encoding(String key) {
        return onLoop(() -> {
            RedisObject o = server().db(0).peek(key.getBytes(StandardCharsets.UTF_8));
            return o == null ? null : o.encoding();
        });
    }

    private String cfg(String name, String value) {
        return c.call("CONFIG", "SET", name, value);
    }

    @Test
    void zaddRepliesAndOptions() {
        assertThat(c.call("ZADD", "z", "1", "a", "2", "b", "3", "c")).isEqualTo(":3\r\n");
        assertThat(c.call("ZADD", "z", "CH", "10", "a", "2", "b", "4", "d")).isEqualTo(":2\r\n");
        assertThat(c.call("ZADD", "z", "XX", "CH", "11", "a", "1", "nope")).isEqualTo(":1\r\n");
        assertThat(c.call("ZADD", "z", "NX", "99", "a", "5", "new")).isEqualTo(":1\r\n");
        assertThat(c.call("ZADD", "z", "GT", "CH", "5", "a", "20", "b")).isEqualTo(":1\r\n");
        assertThat(c.call("ZADD", "z", "LT", "CH", "1", "a", "30", "c")).isEqualTo(":1\r\n");
        assertThat(c.call("ZSCORE", "z", "a")).isEqualTo("$1\r\n1\r\n");
        assertThat(c.call("ZADD", "z", "INCR", "1.5", "a")).isEqualTo("$3\r\n2.5\r\n");
        assertThat(c.call("ZADD", "z", "XX", "INCR", "1", "nothere")).isEqualTo(NIL);
        assertThat(c.call("ZADD", "z", "GT", "INCR", "-1", "a")).isEqualTo(NIL);
        assertThat(c.call("ZINCRBY", "z", "0.1", "x")).isEqualTo("$19\r\n0.10000000000000001\r\n");
        assertThat(c.call("ZINCRBY", "z", "0.2", "x")).isEqualTo("$19\r\n0.30000000000000004\r\n");
        assertThat(c.call("ZADD", "nokey", "XX", "1", "a")).isEqualTo(":0\r\n");
        assertThat(c.call("ZCARD", "nokey")).isEqualTo(":0\r\n");
    }

    @Test
    void zaddErrors() {
        c.call("ZADD", "z", "1", "a");
        assertThat(c.call("ZADD", "z", "NX", "XX", "1", "a"))
                .isEqualTo("-ERR XX and NX options at the same time are not compatible\r\n");
        assertThat(c.call("ZADD", "z", "GT", "LT", "1", "a"))
                .isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        assertThat(c.call("ZADD", "z", "NX", "GT", "1", "a"))
                .isEqualTo("-ERR GT, LT, and/or NX options at the same time are not compatible\r\n");
        assertThat(c.call("ZADD", "z", "INCR", "1", "a", "2", "b"))
                .isEqualTo("-ERR INCR option supports a single increment-element pair\r\n");
        assertThat(c.call("ZADD", "z", "CH", "1")).isEqualTo(SYNTAX);
        assertThat(c.call("ZADD", "z", "NX", "1", "a", "2")).isEqualTo(SYNTAX);
        assertThat(c.call("ZADD", "z", "nan", "a")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(c.call("ZADD", "z", "1", "a", "x", "b")).isEqualTo("-ERR value is not a valid float\r\n");
        assertThat(c.call("ZCARD", "z")).isEqualTo(":1\r\n");
        c.call("ZADD", "z", "inf", "i");
        assertThat(c.call("ZINCRBY", "z", "-inf", "i")).isEqualTo("-ERR resulting score is not a number (NaN)\r\n");
        assertThat(c.call("ZSCORE", "z", "i")).isEqualTo("$3\r\ninf\r\n");
        put("other", new RedisList());
        assertThat(c.call("ZADD", "other", "1", "a")).isEqualTo(WRONGTYPE);
        // options are checked before the type
        assertThat(c.call("ZADD", "other", "NX", "XX", "1", "a"))
                .isEqualTo("-ERR XX and NX options at the same time are not compatible\r\n");
    }

    @Test
    void scoresPrintLikeRedis() {
        c.call("ZADD", "s", "1.1", "a", "1e20", "b", "inf", "c", "-inf", "d", "5e-324", "e", "-0", "f", "1e17", "g");
        assertThat(c.call("ZMSCORE", "s", "a", "b", "c", "d", "e", "f", "g", "nope")).isEqualTo(
                "*8\r\n$18\r\n1.1000000000000001\r\n$5\r\n1e+20\r\n$3\r\ninf\r\n$4\r\n-inf\r\n"
                        + "$23\r\n4.9406564584124654e-324\r\n$1\r\n0\r\n$5\r\n1e+17\r\n$-1\r\n");
        assertThat(Resp3.call(redis, "ZMSCORE", "s", "a", "c", "d", "nope"))
                .isEqualTo("*4\r\n,1.1000000000000001\r\n,inf\r\n,-inf\r\n_\r\n");
        // ZSCAN of a listpack shows the score as stored: integers in full
        assertThat(c.call("ZSCAN", "s", "0", "MATCH", "g")).isEqualTo("*2\r\n$1\r\n0\r\n" + bulks("g", "100000000000000000"));
        // a skiplist keeps -0
        cfg("zset-max-listpack-entries", "0");
        c.call("ZADD", "sk", "-0", "a");
        assertThat(c.call("ZSCORE", "sk", "a")).isEqualTo("$2\r\n-0\r\n");
        cfg("zset-max-listpack-entries", "128");
    }

    @Test
    void readsAndRanks() {
        c.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "c2");
        assertThat(c.call("ZRANK", "z", "c2")).isEqualTo(":3\r\n");
        assertThat(c.call("ZREVRANK", "z", "c2")).isEqualTo(":0\r\n");
        assertThat(c.call("ZRANK", "z", "nope")).isEqualTo(NIL);
        assertThat(Resp3.call(redis, "ZRANK", "z", "nope")).isEqualTo("_\r\n");
        assertThat(c.call("ZCOUNT", "z", "(1", "3")).isEqualTo(":3\r\n");
        assertThat(c.call("ZCOUNT", "z", " 1", "(3")).isEqualTo(":2\r\n");
        assertThat(c.call("ZCOUNT", "z", "1 ", "3")).isEqualTo("-ERR min or max is not a float\r\n");
        assertThat(c.call("ZCOUNT", "z", "", "2")).isEqualTo(":2\r\n"); // "" parses as 0
        assertThat(c.call("ZLEXCOUNT", "z", "a", "b")).isEqualTo("-ERR min or max not valid string range item\r\n");
        assertThat(c.call("ZMSCORE", "nokey", "a")).isEqualTo("*1\r\n$-1\r\n");
        put("other", new RedisList());
        assertThat(c.call("ZSCORE", "other", "a")).isEqualTo(WRONGTYPE);
        assertThat(c.call("ZCOUNT", "other", "x", "1")).isEqualTo("-ERR min or max is not a float\r\n");
    }

    @Test
    void rangesInBothProtocols() {
        c.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        assertThat(c.call("ZRANGE", "z", "1", "2", "WITHSCORES")).isEqualTo(bulks("b", "2", "c", "3"));
        assertThat(Resp3.call(redis, "ZRANGE", "z", "1", "2", "WITHSCORES"))
                .isEqualTo("*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\nc\r\n,3\r\n");
        assertThat(c.call("ZRANGE", "z", "(4", "2", "BYSCORE", "REV")).isEqualTo(bulks("c", "b"));
        assertThat(c.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "2")).isEqualTo(bulks("b", "c"));
        assertThat(c.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "-1", "2")).isEqualTo(EMPTY);
        assertThat(c.call("ZRANGE", "z", "-inf", "+inf", "BYSCORE", "LIMIT", "1", "-1")).isEqualTo(bulks("b", "c", "d"));
        assertThat(c.call("ZRANGE", "z", "0", "-1", "LIMIT", "0", "1")).isEqualTo(
                "-ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX\r\n");
        assertThat(c.call("ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"))
                .isEqualTo("-ERR syntax error, WITHSCORES not supported in combination with BYLEX\r\n");
        assertThat(c.call("ZRANGEBYSCORE", "z", "0", "1", "REV")).isEqualTo(SYNTAX);
        assertThat(c.call("ZREVRANGEBYLEX", "z", "[c", "[a")).isEqualTo(bulks("c", "b", "a"));
        assertThat(c.call("ZRANGE", "nokey", "0", "-1")).isEqualTo(EMPTY);
    }

    @Test
    void rangestoreAndEvents() {
        c.call("ZADD", "z", "1", "a", "2", "b", "3", "c");
        clear();
        assertThat(c.call("ZRANGESTORE", "dst", "z", "0", "1")).isEqualTo(":2\r\n");
        assertThat(c.call("ZRANGESTORE", "dst", "z", "5", "9")).isEqualTo(":0\r\n");
        assertThat(c.call("ZCARD", "dst")).isEqualTo(":0\r\n");
        assertThat(events()).containsExactly("zrangestore dst", "del dst");
        assertThat(c.call("ZRANGESTORE", "dst", "z", "0", "-1", "WITHSCORES")).isEqualTo(SYNTAX);
    }

    @Test
    void eventsAndEmptyKeysDeleted() {
        c.call("ZADD", "z", "1", "a", "2", "b");
        c.call("ZADD", "z", "1", "a");
        c.call("ZINCRBY", "z", "1", "a");
        c.call("ZREM", "z", "nope");
        c.call("ZREM", "z", "a", "b");
        assertThat(events()).containsExactly("zadd z", "zincr z", "zrem z", "del z");
        clear();
        c.call("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d");
        c.call("ZREMRANGEBYRANK", "z", "0", "0");
        c.call("ZREMRANGEBYSCORE", "z", "2", "2");
        c.call("ZREMRANGEBYLEX", "z", "[c", "[c");
        c.call("ZPOPMIN", "z", "5");
        assertThat(events()).containsExactly("zadd z", "zremrangebyrank z", "zremrangebyscore z",
                "zremrangebylex z", "zpopmin z", "del z");
        clear();
        c.call("ZADD", "a", "1", "x");
        c.call("ZUNIONSTORE", "u", "1", "a");
        c.call("ZINTERSTORE", "i", "1", "a");
        c.call("ZDIFFSTORE", "d", "1", "a");
        c.call("ZUNIONSTORE", "u", "1", "nokey");
        c.call("ZMPOP", "1", "a", "MAX");
        assertThat(events()).containsExactly("zadd a", "zunionstore u", "zinterstore i", "zdiffstore d",
                "del u", "zpopmax a", "del a");
        assertThat(c.call("ZCARD", "a")).isEqualTo(":0\r\n");
    }

    @Test
    void modificationsSignalTheKeyAndCountDirty() {
        c.call("ZADD", "z", "1", "a");
        long dirty0 = onLoop(() -> server().dirty);
        clear();
        c.call("ZADD", "z", "1", "a", "5", "b", "6", "c", "7", "a");
        assertThat(onLoop(() -> server().dirty) - dirty0).isEqualTo(3);
        assertThat(onLoop(() -> new ArrayList<>(modified))).contains("z");
        c.call("ZADD", "z", "1", "b");
        c.call("ZPOPMIN", "z", "2");
        assertThat(onLoop(() -> server().dirty) - dirty0).isEqualTo(6);
        clear();
        c.call("ZADD", "z", "NX", "1", "a");
        assertThat(onLoop(() -> new ArrayList<>(modified))).isEmpty();
    }

    @Test
    void popShapes() {
        c.call("ZADD", "p", "1", "a", "2", "b", "3", "c");
        assertThat(c.call("ZPOPMIN", "p")).isEqualTo(bulks("a", "1"));
        assertThat(Resp3.call(redis, "ZPOPMAX", "p")).isEqualTo("*2\r\n$1\r\nc\r\n,3\r\n");
        c.call("ZADD", "p", "3", "c");
        assertThat(Resp3.call(redis, "ZPOPMAX", "p", "1")).isEqualTo("*1\r\n*2\r\n$1\r\nc\r\n,3\r\n");
        assertThat(c.call("ZPOPMIN", "p", "-1")).isEqualTo("-ERR value is out of range, must be positive\r\n");
        assertThat(c.call("ZMPOP", "2", "nokey", "p", "MIN", "COUNT", "5"))
                .isEqualTo("*2\r\n$1\r\np\r\n*1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
        assertThat(c.call("ZMPOP", "1", "p", "MIN")).isEqualTo("*-1\r\n");
        assertThat(Resp3.call(redis, "ZMPOP", "1", "p", "MIN")).isEqualTo("_\r\n");
        assertThat(c.call("ZMPOP", "0", "p", "MIN")).isEqualTo("-ERR numkeys should be greater than 0\r\n");
        assertThat(c.call("ZMPOP", "1", "p", "MIN", "COUNT", "0")).isEqualTo("-ERR count should be greater than 0\r\n");
        assertThat(c.call("ZPOPMIN", "nokey", "0")).isEqualTo(EMPTY);
    }

    @Test
    void randmemberCounts() {
        c.call("ZADD", "r", "1", "a", "2", "b", "3", "c");
        assertThat(c.call("ZRANDMEMBER", "r", "5")).isEqualTo(bulks("c", "b", "a"));
        assertThat(Resp3.call(redis, "ZRANDMEMBER", "r", "1", "WITHSCORES")).startsWith("*1\r\n*2\r\n$1\r\n");
        String two = c.call("ZRANDMEMBER", "r", "2");
        Matcher m = Pattern.compile("\\$1\\r\\n([abc])\\r\\n").matcher(two);
        Set<String> got = new HashSet<>();
        while (m.find()) got.add(m.group(1));
        assertThat(got).hasSize(2);
        assertThat(c.call("ZRANDMEMBER", "r", "-6", "WITHSCORES")).startsWith("*12\r\n");
        assertThat(c.call("ZRANDMEMBER", "r", "-9223372036854775808")).isEqualTo(
                "-ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807\r\n");
        assertThat(c.call("ZRANDMEMBER", "r", "4611686018427387904", "WITHSCORES"))
                .isEqualTo("-ERR value is out of range\r\n");
        assertThat(c.call("ZRANDMEMBER", "nokey")).isEqualTo(NIL);
    }

    @Test
    void setOperations() {
        c.call("ZADD", "a", "1", "x", "2", "y", "3", "z");
        c.call("ZADD", "b", "10", "y", "20", "z", "30", "w");
        assertThat(c.call("ZUNION", "2", "a", "b", "WITHSCORES"))
                .isEqualTo(bulks("x", "1", "y", "12", "z", "23", "w", "30"));
        assertThat(c.call("ZINTER", "2", "a", "b", "WEIGHTS", "2", "3", "AGGREGATE", "MAX", "WITHSCORES"))
                .isEqualTo(bulks("y", "30", "z", "60"));
        assertThat(c.call("ZDIFF", "2", "b", "a", "WITHSCORES")).isEqualTo(bulks("w", "30"));
        assertThat(c.call("ZINTERCARD", "2", "a", "b", "LIMIT", "1")).isEqualTo(":1\r\n");
        assertThat(c.call("ZUNION", "0", "a")).isEqualTo("-ERR at least 1 input key is needed for 'zunion' command\r\n");
        assertThat(c.call("ZINTERSTORE", "d", "0", "a"))
                .isEqualTo("-ERR at least 1 input key is needed for 'zinterstore' command\r\n");
        assertThat(c.call("ZINTER", "2", "a", "b", "WEIGHTS", "1", "x")).isEqualTo("-ERR weight value is not a float\r\n");
        assertThat(c.call("ZINTERCARD", "2", "a", "b", "LIMIT", "-1")).isEqualTo("-ERR LIMIT can't be negative\r\n");
        // inf + -inf sums to 0
        c.call("ZADD", "i", "inf", "p");
        c.call("ZADD", "j", "-inf", "p");
        assertThat(c.call("ZUNION", "2", "i", "j", "WITHSCORES")).isEqualTo(bulks("p", "0"));
        // plain sets count with score 1
        c.call("SADD", "s", "y", "q");
        assertThat(c.call("ZUNION", "2", "a", "s", "WITHSCORES")).isEqualTo(bulks("q", "1", "x", "1", "y", "3", "z", "3"));
        assertThat(c.call("ZINTER", "2", "s", "b", "WITHSCORES")).isEqualTo(bulks("y", "11"));
        assertThat(c.call("ZDIFF", "2", "s", "a", "WITHSCORES")).isEqualTo(bulks("q", "1"));
        put("o", new RedisList());
        assertThat(c.call("ZUNION", "2", "a", "o")).isEqualTo(WRONGTYPE);
        assertThat(c.call("ZUNIONSTORE", "o", "1", "a")).isEqualTo(":3\r\n");
        assertThat(encoding("o")).isEqualTo("listpack");
    }

    @Test
    void encodingsFollowTheConfig() {
        c.call("ZADD", "z", "1", "a");
        assertThat(encoding("z")).isEqualTo("listpack");
        c.call("ZADD", "z", "1", "a".repeat(65));
        assertThat(encoding("z")).isEqualTo("skiplist");
        cfg("zset-max-listpack-entries", "2");
        c.call("ZADD", "e", "1", "a", "2", "b");
        assertThat(encoding("e")).isEqualTo("listpack");
        c.call("ZADD", "e", "3", "c");
        assertThat(encoding("e")).isEqualTo("skiplist");
        c.call("ZRANGESTORE", "s2", "e", "0", "1");
        assertThat(encoding("s2")).isEqualTo("listpack");
        c.call("ZUNIONSTORE", "s3", "1", "e");
        assertThat(encoding("s3")).isEqualTo("skiplist");
        cfg("zset-max-listpack-entries", "128");
    }

    @Test
    void zscanCoversALargeSet() {
        List<String> args = new ArrayList<>(List.of("ZADD", "big"));
        for (int i = 0; i < 300; i++) {
            args.add(Integer.toString(i));
            args.add("m" + i);
        }
        c.call(args.toArray(new String[0]));
        assertThat(encoding("big")).isEqualTo("skiplist");
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        Pattern item = Pattern.compile("\\$\\d+\\r\\n(m\\d+)\\r\\n\\$\\d+\\r\\n(\\d+)\\r\\n");
        do {
            String r = c.call("ZSCAN", "big", cursor, "COUNT", "20");
            Matcher cm = Pattern.compile("^\\*2\\r\\n\\$\\d+\\r\\n(\\d+)\\r\\n").matcher(r);
            assertThat(cm.find()).isTrue();
            cursor = cm.group(1);
            Matcher m = item.matcher(r);
            while (m.find()) {
                assertThat(m.group(1)).isEqualTo("m" + m.group(2));
                seen.add(m.group(1));
            }
        } while (!cursor.equals("0"));
        assertThat(seen).hasSize(300);
        assertThat(c.call("ZSCAN", "big", "0", "COUNT", "0")).isEqualTo(SYNTAX);
        assertThat(c.call("ZSCAN", "big", "x")).isEqualTo("-ERR invalid cursor\r\n");
        assertThat(c.call("ZSCAN", "nokey", "0", "COUNT", "0")).isEqualTo("*2\r\n$1\r\n0\r\n*0\r\n");
    }

    @Test
    void memoryUsageIsPlausible() {
        long small = onLoop(() -> {
            RedisZSet z = RedisZSet.listpack();
            for (int i = 0; i < 10; i++) z.add(i, ("m" + i).getBytes(StandardCharsets.UTF_8), 0, null, 128, 64);
            return z.memoryUsage(Long.MAX_VALUE);
        });
        long big = onLoop(() -> {
            RedisZSet z = RedisZSet.skiplist();
            for (int i = 0; i < 1000; i++) z.add(i, ("m" + i).getBytes(StandardCharsets.UTF_8), 0, null, 128, 64);
            return z.memoryUsage(5);
        });
        // redis-server 7.0.15 reports 128 and 122315 bytes for these
        assertThat(small).isBetween(64L, 256L);
        assertThat(big).isBetween(61_000L, 245_000L);
    }
}

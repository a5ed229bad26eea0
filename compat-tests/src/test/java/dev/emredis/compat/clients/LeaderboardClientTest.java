package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.api.RScoredSortedSet;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.client.protocol.ScoredEntry;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.resps.Tuple;

/** A game leaderboard on a sorted set, through Jedis, Lettuce (RESP3) and Redisson. */
class LeaderboardClientTest extends ClientServers {
    private static final List<String> EXPECTED = List.of(
            "top=[carol:120.5, alice:110.0, dave:99.0]", "rank(bob)=3", "score(alice)=110.0",
            "between 90 and 110=2", "gone=1", "size=4");

    static List<String> jedis(String host, int port) {
        try (Jedis j = new Jedis(host, port)) {
            j.zadd("lb", 100, "alice");
            j.zadd("lb", 80, "bob");
            j.zadd("lb", 120.5, "carol");
            j.zadd("lb", 99, "dave");
            j.zadd("lb", 10, "eve");
            j.zincrby("lb", 10, "alice");
            List<String> out = new ArrayList<>();
            List<String> top = new ArrayList<>();
            for (Tuple t : j.zrevrangeWithScores("lb", 0, 2)) top.add(t.getElement() + ":" + t.getScore());
            out.add("top=" + top);
            out.add("rank(bob)=" + j.zrevrank("lb", "bob"));
            out.add("score(alice)=" + j.zscore("lb", "alice"));
            out.add("between 90 and 110=" + j.zcount("lb", 90, 110));
            out.add("gone=" + j.zremrangeByScore("lb", "-inf", "(50"));
            out.add("size=" + j.zcard("lb"));
            return out;
        }
    }

    static List<String> lettuce(String host, int port) {
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (StatefulRedisConnection<String, String> conn = client.connect()) {
            RedisCommands<String, String> r = conn.sync();
            r.zadd("lb", 100, "alice");
            r.zadd("lb", 80, "bob");
            r.zadd("lb", 120.5, "carol");
            r.zadd("lb", 99, "dave");
            r.zadd("lb", 10, "eve");
            r.zincrby("lb", 10, "alice");
            List<String> out = new ArrayList<>();
            List<String> top = new ArrayList<>();
            for (ScoredValue<String> v : r.zrevrangeWithScores("lb", 0, 2)) top.add(v.getValue() + ":" + v.getScore());
            out.add("top=" + top);
            out.add("rank(bob)=" + r.zrevrank("lb", "bob"));
            out.add("score(alice)=" + r.zscore("lb", "alice"));
            out.add("between 90 and 110=" + r.zcount("lb", io.lettuce.core.Range.create(90, 110)));
            out.add("gone=" + r.zremrangebyscore("lb", io.lettuce.core.Range.from(
                    io.lettuce.core.Range.Boundary.unbounded(), io.lettuce.core.Range.Boundary.excluding(50))));
            out.add("size=" + r.zcard("lb"));
            return out;
        } finally {
            client.shutdown();
        }
    }

    static List<String> redisson(String host, int port) {
        RedissonClient client = redissonClient(host, port);
        try {
            RScoredSortedSet<String> lb = client.getScoredSortedSet("lb", StringCodec.INSTANCE);
            lb.add(100, "alice");
            lb.add(80, "bob");
            lb.add(120.5, "carol");
            lb.add(99, "dave");
            lb.add(10, "eve");
            lb.addScore("alice", 10);
            List<String> out = new ArrayList<>();
            List<String> top = new ArrayList<>();
            for (ScoredEntry<String> e : lb.entryRangeReversed(0, 2)) top.add(e.getValue() + ":" + e.getScore());
            out.add("top=" + top);
            out.add("rank(bob)=" + lb.revRank("bob"));
            out.add("score(alice)=" + lb.getScore("alice"));
            out.add("between 90 and 110=" + lb.count(90, true, 110, true));
            out.add("gone=" + lb.removeRangeByScore(Double.NEGATIVE_INFINITY, true, 50, false));
            out.add("size=" + lb.size());
            return out;
        } finally {
            client.shutdown();
        }
    }

    @Test
    void jedisLeaderboard() {
        assertThat(jedis(emulator.host(), emulator.port())).isEqualTo(EXPECTED).isEqualTo(jedis(real.host, real.port));
    }

    @Test
    void lettuceLeaderboard() {
        assertThat(lettuce(emulator.host(), emulator.port())).isEqualTo(EXPECTED).isEqualTo(lettuce(real.host, real.port));
    }

    @Test
    void redissonLeaderboard() {
        assertThat(redisson(emulator.host(), emulator.port())).isEqualTo(EXPECTED).isEqualTo(redisson(real.host, real.port));
    }
}

package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * maxmemory as an application meets it through Jedis and Lettuce: OOM errors under noeviction,
 * keys evicted under a policy with their {@code evicted} notifications, on the emulator and on a
 * real redis-server alike.
 */
class EvictionClientTest extends ClientServers {
    private static final String OOM = "OOM command not allowed when used memory > 'maxmemory'.";

    private static void reset(Jedis j) {
        j.configSet("maxmemory", "0");
        j.configSet("maxmemory-policy", "noeviction");
        j.configSet("notify-keyspace-events", "");
    }

    private static void reset(RedisCommands<String, String> cmd) {
        cmd.configSet("maxmemory", "0");
        cmd.configSet("maxmemory-policy", "noeviction");
        cmd.configSet("lfu-log-factor", "10");
        cmd.configSet("notify-keyspace-events", "");
    }

    /** Jedis: allkeys-lru under a tiny limit evicts everything, announcing each key. */
    private static List<Object> jedisEvicts(String host, int port) throws Exception {
        List<Object> seen = new ArrayList<>();
        Set<String> evicted = new ConcurrentSkipListSet<>();
        CountDownLatch all = new CountDownLatch(20);
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPSubscribe(String pattern, int count) {
                subscribed.countDown();
            }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                evicted.add(message);
                all.countDown();
            }
        };
        try (Jedis j = new Jedis(host, port); Jedis sub = new Jedis(host, port)) {
            Thread t = new Thread(() -> sub.psubscribe(listener, "__keyevent@0__:evicted"));
            t.start();
            try {
                assertThat(subscribed.await(5, TimeUnit.SECONDS)).isTrue();
                j.configResetStat();
                j.configSet("notify-keyspace-events", "Ee");
                j.configSet("maxmemory-policy", "allkeys-lru");
                for (int i = 0; i < 20; i++) j.set("key:" + i, "value-" + i);
                j.configSet("maxmemory", "1");
                seen.add(j.dbSize());
                assertThat(all.await(5, TimeUnit.SECONDS)).isTrue();
                seen.add(new TreeSet<>(evicted));
                // nothing left to evict: a write fails, a read works
                seen.add(j.get("key:1"));
                try {
                    j.set("fresh", "v");
                    seen.add("no error");
                } catch (JedisDataException e) {
                    seen.add(e.getMessage());
                }
                String stats = j.info("stats");
                seen.add(stats.contains("evicted_keys:20\r\n"));
            } finally {
                listener.punsubscribe();
                t.join(5000);
                reset(j);
            }
        }
        return seen;
    }

    @Test
    void jedisSeesKeysEvictedWithNotifications() throws Exception {
        List<Object> e = jedisEvicts(emulator.host(), emulator.port());
        List<Object> r = jedisEvicts(real.host, real.port);
        assertThat(e).isEqualTo(r);
        Set<String> keys = new TreeSet<>();
        for (int i = 0; i < 20; i++) keys.add("key:" + i);
        assertThat(e).containsExactly(0L, keys, null, OOM, true);
    }

    /** Lettuce: noeviction refuses writes with OOM; reads and deletes go on; volatile-ttl spares persistent keys. */
    private static List<Object> lettuceOom(String host, int port) {
        List<Object> seen = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (var conn = client.connect()) {
            RedisCommands<String, String> cmd = conn.sync();
            try {
                cmd.set("a", "1");
                cmd.set("b", "2");
                cmd.setex("t", 1000, "3");
                cmd.configSet("maxmemory", "1");
                try {
                    cmd.set("c", "3");
                    seen.add("no error");
                } catch (RedisCommandExecutionException e) {
                    seen.add(e.getMessage());
                }
                seen.add(cmd.get("a"));
                seen.add(cmd.del("a"));
                cmd.configSet("maxmemory-policy", "volatile-ttl");
                seen.add(cmd.exists("t"));
                seen.add(cmd.get("b"));
                try {
                    cmd.lpush("l", "x");
                    seen.add("no error");
                } catch (RedisCommandExecutionException e) {
                    seen.add(e.getMessage());
                }
            } finally {
                reset(cmd);
            }
        } finally {
            client.shutdown();
        }
        return seen;
    }

    @Test
    void lettuceGetsOomUnderNoeviction() {
        List<Object> e = lettuceOom(emulator.host(), emulator.port());
        List<Object> r = lettuceOom(real.host, real.port);
        assertThat(e).isEqualTo(r);
        assertThat(e).containsExactly(OOM, "1", 1L, 0L, "2", OOM);
    }

    /** Lettuce's pub/sub connection hears evictions from a LFU policy. */
    private static List<Object> lettuceLfu(String host, int port) throws Exception {
        List<Object> seen = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        Set<String> evicted = new ConcurrentSkipListSet<>();
        CountDownLatch two = new CountDownLatch(2);
        try (var conn = client.connect(); StatefulRedisPubSubConnection<String, String> ps = client.connectPubSub()) {
            RedisCommands<String, String> cmd = conn.sync();
            ps.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    evicted.add(message);
                    two.countDown();
                }
            });
            ps.sync().psubscribe("__keyevent@*__:evicted");
            try {
                cmd.configSet("notify-keyspace-events", "Ee");
                cmd.configSet("maxmemory-policy", "allkeys-lfu");
                cmd.configSet("lfu-log-factor", "0");
                // not a small integer: Redis would share that object, and its LFU field with it
                cmd.set("x", "one");
                cmd.get("x");
                cmd.get("x");
                seen.add(cmd.objectFreq("x"));
                cmd.select(2);
                cmd.set("y", "2");
                cmd.configSet("maxmemory", "1");
                seen.add(cmd.dbsize());
                assertThat(two.await(5, TimeUnit.SECONDS)).isTrue();
                seen.add(new TreeSet<>(evicted));
            } finally {
                reset(cmd);
            }
        } finally {
            client.shutdown();
        }
        return seen;
    }

    @Test
    void lettuceHearsLfuEvictionsInEveryDatabase() throws Exception {
        List<Object> e = lettuceLfu(emulator.host(), emulator.port());
        List<Object> r = lettuceLfu(real.host, real.port);
        assertThat(e).isEqualTo(r);
        assertThat(e).containsExactly(7L, 0L, new TreeSet<>(List.of("x", "y")));
    }
}

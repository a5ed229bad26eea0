package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.testing.RespClient;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.redisson.api.RBlockingQueue;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import redis.clients.jedis.Jedis;

/**
 * A work queue on a list: a consumer blocked in BLPOP/BRPOP is woken by a push from another
 * connection, through Jedis, Lettuce (RESP3) and Redisson, on the emulator and on real Redis.
 */
class QueueClientTest extends ClientServers {
    /** Waits until the server counts n blocked clients, so the push surely comes after the pop. */
    static void awaitBlocked(String host, int port, int n) {
        try (RespClient admin = new RespClient(host, port)) {
            long until = System.nanoTime() + 5_000_000_000L;
            while (true) {
                Matcher m = Pattern.compile("blocked_clients:(\\d+)").matcher(admin.call("INFO", "clients"));
                if (m.find() && Integer.parseInt(m.group(1)) == n) return;
                if (System.nanoTime() > until) throw new AssertionError("no client blocked on " + port);
                Thread.onSpinWait();
            }
        }
    }

    static List<String> jedis(String host, int port) throws Exception {
        List<String> out = new ArrayList<>();
        try (Jedis consumer = new Jedis(host, port); Jedis producer = new Jedis(host, port)) {
            CompletableFuture<List<String>> taken = CompletableFuture.supplyAsync(() -> consumer.blpop(0, "jobs"));
            awaitBlocked(host, port, 1);
            producer.rpush("jobs", "job-1");
            out.addAll(taken.get(5, TimeUnit.SECONDS));
            producer.rpush("jobs", "job-2", "job-3");
            out.addAll(consumer.brpop(1, "jobs"));
            out.add(String.valueOf(consumer.llen("jobs")));
            out.add(String.valueOf(consumer.blpop(0.05, "empty")));
        }
        return out;
    }

    static List<String> lettuce(String host, int port) throws Exception {
        List<String> out = new ArrayList<>();
        RedisClient client = RedisClient.create(RedisURI.create(host, port));
        try (StatefulRedisConnection<String, String> consumer = client.connect();
             StatefulRedisConnection<String, String> producer = client.connect()) {
            RedisFuture<KeyValue<String, String>> taken = consumer.async().blpop(0, "jobs");
            awaitBlocked(host, port, 1);
            producer.sync().lpush("jobs", "job-1");
            KeyValue<String, String> kv = taken.get(5, TimeUnit.SECONDS);
            out.add(kv.getKey());
            out.add(kv.getValue());
            RedisFuture<String> moved = consumer.async().blmove("jobs", "done",
                    io.lettuce.core.LMoveArgs.Builder.leftRight(), 0);
            awaitBlocked(host, port, 1);
            producer.sync().rpush("jobs", "job-2");
            out.add(moved.get(5, TimeUnit.SECONDS));
            out.add(String.valueOf(producer.sync().lrange("done", 0, -1)));
        } finally {
            client.shutdown();
        }
        return out;
    }

    static List<String> redisson(String host, int port) throws Exception {
        List<String> out = new ArrayList<>();
        RedissonClient client = redissonClient(host, port);
        try {
            RBlockingQueue<String> queue = client.getBlockingQueue("jobs", StringCodec.INSTANCE);
            RFuture<String> taken = queue.takeAsync();
            awaitBlocked(host, port, 1);
            queue.offer("job-1");
            out.add(taken.get(5, TimeUnit.SECONDS));
            queue.offer("job-2");
            queue.offer("job-3");
            out.add(queue.poll(1, TimeUnit.SECONDS));
            out.add(String.valueOf(queue.size()));
        } finally {
            client.shutdown();
        }
        return out;
    }

    @Test
    void jedisConsumerIsWokenByAPush() throws Exception {
        List<String> emu = jedis(emulator.host(), emulator.port());
        assertThat(emu).containsExactly("jobs", "job-1", "jobs", "job-3", "1", "null");
        assertThat(emu).isEqualTo(jedis(real.host, real.port));
    }

    @Test
    void lettuceConsumerIsWokenByAPush() throws Exception {
        List<String> emu = lettuce(emulator.host(), emulator.port());
        assertThat(emu).containsExactly("jobs", "job-1", "job-2", "[job-2]");
        assertThat(emu).isEqualTo(lettuce(real.host, real.port));
    }

    @Test
    void redissonConsumerIsWokenByAPush() throws Exception {
        List<String> emu = redisson(emulator.host(), emulator.port());
        assertThat(emu).containsExactly("job-1", "job-2", "1");
        assertThat(emu).isEqualTo(redisson(real.host, real.port));
    }
}

package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.redisson.api.RHyperLogLog;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import redis.clients.jedis.Jedis;

/**
 * HyperLogLog round trips: counts equal real Redis's, and the raw value copied with GET/SET
 * between real Redis and the emulator keeps working on the other side, sparse and dense.
 */
class HyperLogLogClientTest extends ClientServers {
    private static String[] items(String prefix, int n) {
        String[] a = new String[n];
        for (int i = 0; i < n; i++) a[i] = prefix + i;
        return a;
    }

    @Test
    void jedisCountsAndCopiesBothWays() {
        try (Jedis e = new Jedis(emulator.host(), emulator.port()); Jedis r = new Jedis(real.host, real.port)) {
            for (Jedis j : List.of(e, r)) {
                j.pfadd("small", items("user:", 50));
                j.pfadd("large", items("visitor-", 20000));
                j.pfadd("other", items("user:", 80));
                j.pfmerge("merged", "small", "other", "large");
            }
            for (String k : List.of("small", "large", "other", "merged")) {
                assertThat(e.pfcount(k)).as(k).isEqualTo(r.pfcount(k));
                // the representation itself is Redis's (sparse/dense bytes)
                assertThat(e.get(k.getBytes(StandardCharsets.UTF_8))).as(k).isEqualTo(r.get(k.getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(e.pfcount("small")).isEqualTo(50);
            // real -> emulator and emulator -> real, then both keep counting the same way
            e.set("from-real".getBytes(StandardCharsets.UTF_8), r.get("large".getBytes(StandardCharsets.UTF_8)));
            r.set("from-emulator".getBytes(StandardCharsets.UTF_8), e.get("small".getBytes(StandardCharsets.UTF_8)));
            e.pfadd("from-real", "extra-1", "extra-2");
            r.pfadd("from-emulator", "extra-1", "extra-2");
            r.pfadd("large", "extra-1", "extra-2");
            e.pfadd("small", "extra-1", "extra-2");
            assertThat(e.pfcount("from-real")).isEqualTo(r.pfcount("large"));
            assertThat(r.pfcount("from-emulator")).isEqualTo(e.pfcount("small"));
        }
    }

    @Test
    void lettuceRoundTripWithBinaryValues() {
        List<Long> counts = new ArrayList<>();
        RedisClient ec = RedisClient.create(RedisURI.create(emulator.host(), emulator.port()));
        RedisClient rc = RedisClient.create(RedisURI.create(real.host, real.port));
        try (StatefulRedisConnection<byte[], byte[]> e = ec.connect(ByteArrayCodec.INSTANCE);
             StatefulRedisConnection<byte[], byte[]> r = rc.connect(ByteArrayCodec.INSTANCE)) {
            RedisCommands<byte[], byte[]> es = e.sync();
            RedisCommands<byte[], byte[]> rs = r.sync();
            byte[] key = "hll".getBytes(StandardCharsets.UTF_8);
            byte[][] values = new byte[3000][];
            for (int i = 0; i < values.length; i++) values[i] = ("v" + i).getBytes(StandardCharsets.UTF_8);
            rs.pfadd(key, values);
            es.set(key, rs.get(key));
            counts.add(es.pfcount(key));
            counts.add(rs.pfcount(key));
            assertThat(counts.get(0)).isEqualTo(counts.get(1));
            es.pfadd(key, "new".getBytes(StandardCharsets.UTF_8));
            rs.set(key, es.get(key));
            assertThat(rs.pfcount(key)).isEqualTo(es.pfcount(key));
        } finally {
            ec.shutdown();
            rc.shutdown();
        }
    }

    @Test
    void redissonCountsAndMerges() {
        List<Long> emu = redisson(emulator.host(), emulator.port());
        assertThat(emu).isEqualTo(redisson(real.host, real.port));
        assertThat(emu.get(0)).isEqualTo(3);
    }

    private static List<Long> redisson(String host, int port) {
        RedissonClient client = redissonClient(host, port);
        try {
            RHyperLogLog<String> a = client.getHyperLogLog("a", StringCodec.INSTANCE);
            RHyperLogLog<String> b = client.getHyperLogLog("b", StringCodec.INSTANCE);
            a.addAll(List.of("x", "y", "z"));
            b.addAll(List.of(items("id", 5000)));
            long first = a.count();
            long union = a.countWith("b");
            a.mergeWith("b");
            return List.of(first, union, a.count());
        } finally {
            client.shutdown();
        }
    }
}

package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisCluster;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/**
 * A first check that the three cluster clients parse the emulated topology and follow its
 * redirections: each writes and reads keys of every shard, across a resharding and a failover.
 */
class ClusterSmokeClientTest {

    @Test
    void jedisCluster() {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).build().start();
             JedisCluster jedis = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", cluster.node(0).port())))) {
            for (int i = 0; i < 50; i++) jedis.set("k" + i, "v" + i);
            cluster.moveSlot(cluster.slotOf("k1"), (cluster.masterOf(cluster.slotOf("k1")) + 1) % 3);
            cluster.failover(cluster.masterOf(cluster.slotOf("k2")));
            for (int i = 0; i < 50; i++) assertThat(jedis.get("k" + i)).isEqualTo("v" + i);
            jedis.set("k1", "new");
            assertThat(jedis.get("k1")).isEqualTo("new");
            assertThat(cluster.journal().discoveryCalls()).isPositive();
        }
    }

    @Test
    void lettuceCluster() {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).build().start()) {
            RedisClusterClient client = RedisClusterClient.create(RedisURI.create(cluster.seedUri()));
            client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(
                    ClusterTopologyRefreshOptions.builder().enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(Duration.ZERO).build()).build());
            try (StatefulRedisClusterConnection<String, String> conn = client.connect()) {
                RedisAdvancedClusterCommands<String, String> cmd = conn.sync();
                for (int i = 0; i < 50; i++) cmd.set("k" + i, "v" + i);
                cluster.moveSlot(cluster.slotOf("k1"), (cluster.masterOf(cluster.slotOf("k1")) + 1) % 3);
                cluster.failover(cluster.masterOf(cluster.slotOf("k2")));
                for (int i = 0; i < 50; i++) assertThat(cmd.get("k" + i)).isEqualTo("v" + i);
                cmd.set("k2", "new");
                assertThat(cmd.get("k2")).isEqualTo("new");
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void redissonCluster() {
        try (RedisCluster cluster = RedisCluster.builder().masters(3).replicasPerMaster(1).build().start()) {
            Config config = new Config();
            config.useClusterServers().addNodeAddress(cluster.seedUri()).setScanInterval(200);
            RedissonClient redisson = Redisson.create(config);
            try {
                for (int i = 0; i < 20; i++) redisson.getBucket("k" + i).set("v" + i);
                cluster.awaitReplication();
                for (int i = 0; i < 20; i++) assertThat(redisson.getBucket("k" + i).get()).isEqualTo("v" + i);
                cluster.moveSlot(cluster.slotOf("k1"), (cluster.masterOf(cluster.slotOf("k1")) + 1) % 3);
                assertThat(redisson.getBucket("k1").get()).isEqualTo("v1");
                redisson.getBucket("k1").set("new");
                cluster.awaitReplication();
                assertThat(redisson.getBucket("k1").get()).isEqualTo("new");
                cluster.failover(cluster.masterOf(cluster.slotOf("k2")));
                redisson.getBucket("k2").set("after");
                cluster.awaitReplication();
                assertThat(redisson.getBucket("k2").get()).isEqualTo("after");
                for (int i = 3; i < 20; i++) assertThat(redisson.getBucket("k" + i).get()).isEqualTo("v" + i);
            } finally {
                redisson.shutdown();
            }
        }
    }
}

package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisCluster;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;

/** The README's @EmbeddedRedisCluster example, as written there. */
@EmbeddedRedisCluster(masters = 3, replicasPerMaster = 1)
class ReadmeClusterExampleTest {
    RedisCluster cluster;

    @Test
    void survivesFailover() {
        try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()))) {
            jedis.set("cart:1", "3");
            cluster.failover(cluster.masterOf(cluster.slotOf("cart:1")));
            assertThat(jedis.get("cart:1")).isEqualTo("3");
            assertThat(cluster.journal().discoveryCalls()).isEqualTo(2);
        }
    }

    @Test
    void startsAgainFromTheInitialLayout() {
        // whichever test ran first, the failover was undone
        assertThat(cluster.masters()).containsExactly(0, 1, 2);
        assertThat(cluster.journal().commands()).isEmpty();
    }

    @Test
    @EmbeddedRedisCluster(masters = 1, config = "cluster-require-full-coverage no")
    void small(RedisCluster own) {
        // the test's own cluster, injected into the field too while this test runs
        assertThat(own.nodes()).hasSize(1);
        assertThat(own).isSameAs(cluster);
        assertThat(own.masterOf(16383)).isZero();
    }
}

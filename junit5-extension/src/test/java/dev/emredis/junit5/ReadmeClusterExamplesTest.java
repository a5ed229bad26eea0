package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.Match;
import dev.emredis.RedisCluster;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/** The README's cluster examples (@EmbeddedRedisCluster, client recipes, journal, backoff), as written there. */
class ReadmeClusterExamplesTest {

    @EmbeddedRedisCluster(masters = 3, replicasPerMaster = 1)   // one cluster for the class and its @Nested classes
    @Nested
    class CheckoutTest {
        RedisCluster cluster;                                    // fields, constructor and method parameters

        @Test
        void survivesFailover() {
            try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()))) {
                jedis.set("cart:1", "3");
                cluster.failover(cluster.masterOf(cluster.slotOf("cart:1")));
                assertThat(jedis.get("cart:1")).isEqualTo("3");   // MOVED from the old master, then CLUSTER SLOTS
                assertThat(cluster.journal().discoveryCalls()).isEqualTo(2);
            }
        }

        @Test
        @EmbeddedRedisCluster(masters = 1, config = "cluster-require-full-coverage no")   // this test's own cluster
        void small(RedisCluster own) {
            assertThat(own.nodes()).hasSize(1);
        }

        @Test
        void startsAgainFromTheInitialLayout() {
            // whichever test ran first, its failover was undone
            assertThat(cluster.masters()).containsExactly(0, 1, 2);
            assertThat(cluster.journal().commands()).isEmpty();
        }
    }

    @EmbeddedRedisCluster(masters = 3)
    @Nested
    class ClientRecipes {
        @Test
        void clients(RedisCluster cluster) {
            // Jedis: CLUSTER SLOTS at start and right after every MOVED; ASKING on ASK
            JedisCluster jedis = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", cluster.node(0).port())),
                    DefaultJedisClientConfig.builder().build(), 5, Duration.ofSeconds(3));

            // Lettuce: CLUSTER NODES + INFO on connections named lettuce#ClusterTopologyRefresh; in 6.x
            // nothing refreshes unless asked, so enable the adaptive triggers and/or a periodic refresh
            RedisClusterClient lettuce = RedisClusterClient.create(cluster.seedUri());
            lettuce.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                    .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(Duration.ofMillis(100))
                    .enablePeriodicRefresh(Duration.ofMillis(200)).build()).build());
            StatefulRedisClusterConnection<String, String> conn = lettuce.connect();

            // Redisson: re-executes on the node a MOVED names, learns the layout from its CLUSTER NODES scan;
            // after a failover keep retries longer than the scan, else "... hasn't been discovered yet"
            Config config = new Config();
            config.useClusterServers().addNodeAddress(cluster.seedUri()).setScanInterval(200)
                    .setRetryAttempts(5).setRetryInterval(200).setReadMode(ReadMode.MASTER);
            RedissonClient redisson = Redisson.create(config);

            try {
                jedis.set("foo", "1");
                assertThat(conn.sync().get("foo")).isEqualTo("1");
                assertThat(redisson.<String>getBucket("foo", StringCodec.INSTANCE).get()).isEqualTo("1");
            } finally {
                jedis.close();
                conn.close();
                lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                redisson.shutdown();
            }
        }

        @Test
        void journal(RedisCluster cluster) {
            try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()))) {
                jedis.set("foo", "bar");
                cluster.moveSlot(cluster.slotOf("foo"), 0);
                for (int i = 0; i < 100; i++) jedis.get("foo");
                assertThat(cluster.journal().node(2).commands()).filteredOn(e -> "MOVED".equals(e.errorCode())).hasSize(1);
                assertThat(cluster.journal().discoveryCalls()).isEqualTo(2);      // start-up + one renewal for the burst
            }
        }

        @Test
        void backoff(RedisCluster cluster) {
            Random random = new Random(7);
            cluster.failNode(2);
            cluster.clock().freeze();                      // time moves only when the client "sleeps"
            try (Jedis live = new Jedis("127.0.0.1", cluster.node(0).port())) {
                for (int attempt = 0; attempt < 8; attempt++) {
                    live.clusterSlots();                   // re-discover (node 2 refused the connection)
                    long ceiling = 100L << attempt;        // exponential backoff with equal jitter
                    cluster.clock().advance(Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1)));
                }
            }
            List<Duration> gaps = cluster.journal().intervals(Match.command("CLUSTER", "SLOTS"));   // exactly the waits
            assertThat(gaps.get(6)).isGreaterThan(gaps.get(0).multipliedBy(16));
            assertThat(cluster.journal().maxCallsInWindow(Match.command("CLUSTER", "SLOTS"), Duration.ofSeconds(1)))
                    .isLessThanOrEqualTo(5);               // fails for a client that re-discovers after every error
        }
    }
}

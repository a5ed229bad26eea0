package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's programmatic @EmbeddedRedisCluster form, as written there. */
class ReadmeProgrammaticClusterTest {
    // or programmatically (static field: one per class; instance field: one per test)
    @RegisterExtension
    static EmbeddedRedisClusterExtension redis = EmbeddedRedisClusterExtension.builder()
            .masters(3).replicasPerMaster(1).seed(42).config("cluster-node-timeout", "5000").build();

    @Test
    void usesIt() {
        RedisCluster cluster = redis.cluster();
        assertThat(cluster.nodes()).hasSize(6);
        assertThat(cluster.nodeId(0)).hasSize(40);
    }
}

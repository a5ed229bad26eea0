package dev.emredis.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test(s) against an emulated Redis Cluster ({@link dev.emredis.RedisCluster}): every
 * node a {@link dev.emredis.RedisEmulator} on its own loopback port.
 *
 * <p>On a class: one cluster for the whole class (and its {@code @Nested} classes), closed after
 * the class. On a method: a cluster for that test only. The {@link dev.emredis.RedisCluster} is
 * injected into test/lifecycle method parameters, constructor parameters and fields of that type.
 *
 * <pre>{@code
 * @EmbeddedRedisCluster(masters = 3, replicasPerMaster = 1)
 * class CheckoutTest {
 *     @Test
 *     void survivesFailover(RedisCluster cluster) {
 *         try (JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()))) {
 *             jedis.set("cart:1", "3");
 *             cluster.failover(cluster.masterOf(cluster.slotOf("cart:1")));
 *             assertThat(jedis.get("cart:1")).isEqualTo("3");
 *         }
 *     }
 * }
 * }</pre>
 *
 * Unless {@link #keepData()}, each test starts with the cluster as it was built: failed nodes
 * recovered, failovers undone (each shard's first master is its master again), every slot back
 * on its initial master and open migrations closed, then on every node faults cleared, FLUSHALL,
 * SCRIPT FLUSH / FUNCTION FLUSH, journal cleared and the shared clock back to system time. Node
 * ids and ports stay; config epochs and the current epoch keep growing (as on a real cluster,
 * epochs never go back). Connections clients hold stay open; CONFIG SET changes stay.
 *
 * <p>When a test fails, its report carries the last 50 commands across all nodes (each labelled
 * with its node), the slot layout and each node's key count.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(EmbeddedRedisClusterExtension.class)
public @interface EmbeddedRedisCluster {
    /** Number of masters (default 3). */
    int masters() default 3;

    /** Replicas of each master (default 0). */
    int replicasPerMaster() default 0;

    /** Port of node 0, node i on basePort + i; 0 (default) picks free ports. */
    int basePort() default 0;

    /** What INFO and HELLO report as the server version; empty means the default, 7.0.15. */
    String version() default "";

    /**
     * Configuration for every node, each entry {@code "name value"} as on redis-server's command
     * line, e.g. {@code config = "cluster-require-full-coverage no"}.
     */
    String[] config() default {};

    /** Keep keys, topology, faults, journal and clock from one test to the next (default: reset before each test). */
    boolean keepData() default false;
}

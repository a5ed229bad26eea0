package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.Match;
import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * One cluster per class: field, constructor and parameter injection; before each test the
 * topology is back to its initial layout (failovers undone, slots back, failed nodes recovered,
 * migrations closed) and every node is clean; @Nested shares the cluster.
 */
@EmbeddedRedisCluster(masters = 3, replicasPerMaster = 1)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterClassScopeTest {
    // slots: foo 12182 (node 2), bar 5061 (node 0), hello 866 (node 0), a 15495 (node 2)
    static RedisCluster staticField;
    static List<Integer> firstPorts;
    static long epochAfterChanges;
    RedisCluster field;
    private final RedisCluster fromConstructor;

    ClusterClassScopeTest(RedisCluster cluster) {
        this.fromConstructor = cluster;
    }

    private static JedisCluster jedis(RedisCluster cluster) {
        return new JedisCluster(new HostAndPort(cluster.node(0).host(), cluster.node(0).port()));
    }

    @Test
    @Order(1)
    void injectsTheSameClusterEverywhereThenMessesItUp(RedisCluster param) {
        assertThat(param).isSameAs(field).isSameAs(fromConstructor).isSameAs(staticField);
        assertThat(param.nodes()).hasSize(6);
        firstPorts = param.nodes().stream().map(RedisEmulator::port).toList();
        try (JedisCluster j = jedis(param)) {
            j.set("foo", "1");
            j.set("bar", "2");
            j.set("hello", "3");
        }
        // JedisCluster broadcasts FUNCTION LOAD to replicas too (READONLY there, as on real Redis): load it on a master
        try (Jedis j = new Jedis(param.node(0).host(), param.node(0).port())) {
            j.functionLoad("#!lua name=lib\nredis.register_function('f', function() return 1 end)");
        }
        param.moveSlot(param.slotOf("foo"), 0);
        param.startMigration(param.slotOf("hello"), 0, 1).moveKeys("hello");
        assertThat(param.failover(1)).isEqualTo(4);
        param.failNode(2);
        param.failover(2);
        param.failNode(3);
        param.node(5).faults().when(Match.command("GET")).replyError("ERR injected");
        param.node(0).faults().oom(true);
        param.clock().advance(Duration.ofDays(3));
        assertThat(param.masters()).containsExactly(0, 4, 5);
        epochAfterChanges = param.currentEpoch();
    }

    @Test
    @Order(2)
    void eachTestStartsWithTheInitialLayoutAndNoData(RedisCluster cluster) {
        assertThat(cluster.nodes().stream().map(RedisEmulator::port).toList()).isEqualTo(firstPorts);
        assertThat(cluster.masters()).containsExactly(0, 1, 2);
        for (int m = 0; m < 3; m++) assertThat(cluster.replicasOf(m)).containsExactly(m + 3);
        for (int i = 0; i < 6; i++) assertThat(cluster.isFailed(i)).as("node %d failed", i).isFalse();
        assertThat(cluster.masterOf(0)).isZero();
        assertThat(cluster.masterOf(5460)).isZero();
        assertThat(cluster.masterOf(5461)).isEqualTo(1);
        assertThat(cluster.masterOf(10922)).isEqualTo(1);
        assertThat(cluster.masterOf(10923)).isEqualTo(2);
        assertThat(cluster.masterOf(16383)).isEqualTo(2);
        // epochs never go back, as on a real cluster
        assertThat(cluster.currentEpoch()).isGreaterThanOrEqualTo(epochAfterChanges);
        assertThat(cluster.journal().commands()).isEmpty();
        assertThat(cluster.clock().instant()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
        for (int i = 0; i < 6; i++) {
            try (Jedis j = new Jedis(cluster.node(i).host(), cluster.node(i).port())) {
                assertThat(j.dbSize()).as("keys on node %d", i).isZero();
                // no open migration left on any node's view
                assertThat(j.clusterNodes()).doesNotContain("->-", "-<-", "fail");
                assertThat(j.functionList()).as("functions on node %d", i).isEmpty();
            }
        }
        try (JedisCluster j = jedis(cluster)) {
            assertThat(j.get("foo")).isNull();
            assertThat(j.set("foo", "v")).isEqualTo("OK");
            assertThat(j.set("hello", "w")).isEqualTo("OK");
            assertThat(j.get("a")).isNull();
        }
        assertThat(cluster.journal().node(2).count("SET")).isEqualTo(1);
        assertThat(cluster.journal().node(0).count("SET")).isEqualTo(1);
        assertThat(cluster.journal().count(Match.command("GET"))).isEqualTo(2);
        assertThat(cluster.journal().node(5).count("GET")).isZero();
    }

    @Test
    @Order(3)
    void replicasAreEmptyToo(RedisCluster cluster) {
        cluster.awaitReplication();
        for (int i = 3; i < 6; i++) {
            try (Jedis j = new Jedis(cluster.node(i).host(), cluster.node(i).port())) {
                assertThat(j.dbSize()).isZero();
            }
        }
    }

    @Nested
    class Inner {
        @Test
        void seesTheOuterCluster(RedisCluster cluster) {
            assertThat(cluster).isSameAs(field).isSameAs(staticField);
            assertThat(cluster.node(0).isClosed()).isFalse();
            assertThat(cluster.masters()).containsExactly(0, 1, 2);
        }
    }
}

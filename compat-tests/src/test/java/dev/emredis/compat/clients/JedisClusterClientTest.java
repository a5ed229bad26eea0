package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.Journal;
import dev.emredis.SlotMigration;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterException;
import redis.clients.jedis.exceptions.JedisClusterOperationException;

/**
 * JedisCluster on the emulated cluster: it follows MOVED (re-running CLUSTER SLOTS at once on the
 * connection that got it), follows ASK with ASKING and no refresh, and keeps working across a
 * failover and a failed-then-recovered node. Every value read back is exact; the journal proves
 * the redirections and re-discoveries really happened.
 */
class JedisClusterClientTest extends ClusterClientBase {

    private JedisCluster jedis() {
        // 5 attempts within 3 s: enough for two refused connections, a slot renewal and the retry
        return new JedisCluster(Set.of(new HostAndPort("127.0.0.1", cluster.node(0).port())),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(1000).build(), 5, Duration.ofSeconds(3));
    }

    private static void writeKeys(JedisCluster j) {
        for (int i = 0; i < KEYS; i++) assertThat(j.set(key(i), value(i))).isEqualTo("OK");
        assertThat(j.set(FOO, "1")).isEqualTo("OK");
        assertThat(j.set(FOO2, "2")).isEqualTo("OK");
        assertThat(j.set(BAR, "b")).isEqualTo("OK");
    }

    private static void readKeys(JedisCluster j) {
        for (int i = 0; i < KEYS; i++) assertThat(j.get(key(i))).as(key(i)).isEqualTo(value(i));
    }

    @Test
    void followsMovedAfterMoveSlotWithOneRediscoveryPerBurst() {
        try (JedisCluster j = jedis()) {
            writeKeys(j);
            // start-up discovery: one CLUSTER SLOTS on the seed
            assertThat(cluster.journal().discoveryCalls()).isEqualTo(1);
            cluster.moveSlot(fooSlot, 0);
            for (int i = 0; i < 100; i++) assertThat(j.get(FOO)).isEqualTo("1");
            assertThat(j.set(FOO, "3")).isEqualTo("OK");
            assertThat(j.get(FOO)).isEqualTo("3");
            assertThat(j.get(FOO2)).isEqualTo("2");
            readKeys(j);
        }
        // node 2 answered MOVED once; Jedis re-ran CLUSTER SLOTS right away, on that connection
        List<Journal.Entry> moved = errors(2, "MOVED");
        assertThat(moved).singleElement().satisfies(e -> assertThat(e.is("GET")).isTrue());
        assertThat(cluster.journal().discoveryCalls()).isEqualTo(2);
        Journal.Entry renewal = cluster.journal().node(2).commands().stream().filter(e -> e.is("CLUSTER", "SLOTS")).findFirst().orElseThrow();
        assertThat(renewal.connectionId()).isEqualTo(moved.get(0).connectionId());
        assertThat(renewal.time()).isAfterOrEqualTo(moved.get(0).time());
        // then every read went to the new owner
        assertThat(on(0, "GET", FOO)).hasSize(101).allMatch(e -> e.replyKind() == Journal.ReplyKind.OK);
        assertThat(on(0, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.args()).containsExactly(FOO, "3"));
        // FOO2 moved with its slot: read on node 0, and node 2 has nothing left of slot 12182
        assertThat(on(0, "GET", FOO2)).hasSize(1);
        try (Jedis n2 = new Jedis("127.0.0.1", cluster.node(2).port())) {
            assertThat(n2.clusterCountKeysInSlot(fooSlot)).isZero();
        }
    }

    @Test
    void followsAskDuringMigrationThenMovedWhenItFinishes() {
        try (JedisCluster j = jedis()) {
            writeKeys(j);
            long discovery = cluster.journal().discoveryCalls();
            SlotMigration m = cluster.startMigration(fooSlot, 2, 1);
            m.moveKeys(FOO);
            assertThat(j.get(FOO)).isEqualTo("1");       // ASK: node 1 after ASKING
            assertThat(j.get(FOO2)).isEqualTo("2");      // still on node 2
            assertThat(j.set("{foo}3", "3")).isEqualTo("OK"); // a new key of a migrating slot: ASK, created on node 1
            assertThat(j.get("{foo}3")).isEqualTo("3");
            assertThat(on(2, "GET", FOO)).singleElement().satisfies(e -> assertThat(e.errorCode()).isEqualTo("ASK"));
            assertThat(on(2, "SET", "{foo}3")).singleElement().satisfies(e -> assertThat(e.errorCode()).isEqualTo("ASK"));
            assertThat(askingThen(1, "GET", FOO)).isTrue();
            assertThat(askingThen(1, "SET", "{foo}3")).isTrue();
            assertThat(on(2, "GET", FOO2)).singleElement().satisfies(e -> assertThat(e.replyKind()).isEqualTo(Journal.ReplyKind.OK));
            // ASK is a one-off redirection: no re-discovery
            assertThat(cluster.journal().discoveryCalls()).isEqualTo(discovery);

            m.finish();
            assertThat(j.get(FOO2)).isEqualTo("2");      // MOVED now, and a renewal
            assertThat(j.get(FOO)).isEqualTo("1");
            assertThat(j.get("{foo}3")).isEqualTo("3");
            assertThat(cluster.journal().discoveryCalls()).isEqualTo(discovery + 1);
            assertThat(on(2, "GET", FOO2)).last().satisfies(e -> assertThat(e.errorCode()).isEqualTo("MOVED"));
            assertThat(on(1, "GET", FOO2)).singleElement().satisfies(e -> assertThat(e.replyKind()).isEqualTo(Journal.ReplyKind.OK));
            readKeys(j);
        }
    }

    @Test
    void writesContinueOnThePromotedReplicaAfterFailover() {
        try (JedisCluster j = jedis()) {
            writeKeys(j);
            long discovery = cluster.journal().discoveryCalls();
            assertThat(cluster.failover(2)).isEqualTo(5);
            assertThat(j.get(FOO)).isEqualTo("1");
            assertThat(j.set(FOO, "after")).isEqualTo("OK");
            assertThat(j.get(FOO)).isEqualTo("after");
            readKeys(j);
            // the old master redirected, Jedis re-discovered, and the write landed on node 5
            assertThat(on(2, "GET", FOO)).singleElement().satisfies(e -> assertThat(e.errorCode()).isEqualTo("MOVED"));
            assertThat(cluster.journal().discoveryCalls()).isEqualTo(discovery + 1);
            assertThat(on(5, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.replyKind()).isEqualTo(Journal.ReplyKind.OK));
        }
        // the old master follows the new one: a READONLY read there sees the write
        cluster.awaitReplication();
        try (Jedis n2 = new Jedis("127.0.0.1", cluster.node(2).port())) {
            n2.readonly();
            assertThat(n2.get(FOO)).isEqualTo("after");
        }
    }

    @Test
    void roleFaultOnAClusterMasterLooksLikeAFailoverToJedis() {
        try (JedisCluster j = jedis()) {
            writeKeys(j);
            cluster.node(2).faults().role(dev.emredis.Role.REPLICA);
            assertThat(cluster.isMaster(5)).isTrue();
            // the demoted node redirects; Jedis re-discovers and writes to node 5
            assertThat(j.set(FOO, "after")).isEqualTo("OK");
            assertThat(j.get(FOO)).isEqualTo("after");
            readKeys(j);
            assertThat(on(5, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.replyKind()).isEqualTo(Journal.ReplyKind.OK));
        }
        try (Jedis n2 = new Jedis("127.0.0.1", cluster.node(2).port())) {
            // the node's own replies agree: a replica of node 5
            assertThat(n2.role().get(0)).isEqualTo("slave");
            assertThat(n2.role().get(2)).isEqualTo((long) cluster.node(5).port());
            assertThat(n2.clusterNodes()).contains("myself,slave " + cluster.nodeId(5));
            assertThatThrownBy(n2::flushAll).hasMessage("READONLY You can't write against a read only replica.");
        }
    }

    @Test
    void failedMasterThenFailoverThenRecovery() {
        try (JedisCluster j = jedis()) {
            writeKeys(j);
            cluster.failNode(2);
            // node 2 refuses connections: attempts exhausted; the other masters say the cluster is down
            assertThatThrownBy(() -> j.get(FOO)).isInstanceOf(JedisClusterOperationException.class);
            assertThatThrownBy(() -> j.get(BAR)).isInstanceOf(JedisClusterException.class)
                    .hasMessage("CLUSTERDOWN The cluster is down");
            assertThat(on(0, "GET", BAR)).singleElement().satisfies(e -> assertThat(e.errorCode()).isEqualTo("CLUSTERDOWN"));
            long discovery = cluster.journal().discoveryCalls();

            assertThat(cluster.failover(2)).isEqualTo(5);
            assertThat(j.get(FOO)).isEqualTo("1");       // refused twice more, renewal, node 5
            assertThat(j.set(FOO, "during")).isEqualTo("OK");
            assertThat(j.get(BAR)).isEqualTo("b");
            assertThat(cluster.journal().discoveryCalls()).isGreaterThan(discovery);
            assertThat(on(5, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.replyKind()).isEqualTo(Journal.ReplyKind.OK));

            cluster.recoverNode(2);
            assertThat(cluster.isMaster(2)).isFalse();
            assertThat(j.set(FOO, "recovered")).isEqualTo("OK");
            assertThat(j.get(FOO)).isEqualTo("recovered");
            readKeys(j);
        }
        cluster.awaitReplication();
        try (Jedis n2 = new Jedis("127.0.0.1", cluster.node(2).port())) {
            n2.readonly();
            assertThat(n2.get(FOO)).isEqualTo("recovered");
            assertThat(n2.get(FOO2)).isEqualTo("2");
        }
    }
}

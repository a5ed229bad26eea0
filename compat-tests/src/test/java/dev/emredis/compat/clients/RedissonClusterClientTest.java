package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.Journal;
import dev.emredis.Match;
import dev.emredis.SlotMigration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.ReadMode;

/**
 * Redisson in cluster mode ({@code useClusterServers()}) on the emulated cluster: it re-executes
 * a command on the node a MOVED names (no refresh), follows ASK with ASKING, and learns the new
 * topology from its periodic CLUSTER NODES scan (200 ms here instead of 5 s), after which it goes
 * straight to the new owner. Values are exact; the journal shows the redirections and the scans.
 */
class RedissonClusterClientTest extends ClusterClientBase {
    private static final Match SCAN = Match.command("CLUSTER", "NODES");
    private RedissonClient redisson;

    private RedissonClient connect() {
        return connect(5);
    }

    /**
     * A client scanning every 200 ms. Retries matter: a MOVED naming a node Redisson does not know
     * as a master yet (a just-promoted replica) fails with RedisNodeNotFoundException "... hasn't
     * been discovered yet" once the retries (here {@code attempts} x 200 ms) run out before the scan.
     */
    private RedissonClient connect(int attempts) {
        Config config = new Config();
        config.setCodec(StringCodec.INSTANCE);
        config.useClusterServers().addNodeAddress("redis://127.0.0.1:" + cluster.node(0).port())
                .setScanInterval(200).setReadMode(ReadMode.MASTER)
                .setMasterConnectionMinimumIdleSize(1).setMasterConnectionPoolSize(2)
                .setSlaveConnectionMinimumIdleSize(1).setSlaveConnectionPoolSize(2)
                .setSubscriptionConnectionMinimumIdleSize(1).setSubscriptionConnectionPoolSize(2)
                .setTimeout(1000).setRetryAttempts(attempts).setRetryInterval(200);
        redisson = Redisson.create(config);
        return redisson;
    }

    @AfterEach
    void shutdownClient() {
        if (redisson != null) redisson.shutdown(0, 2, TimeUnit.SECONDS);
    }

    private static String get(RedissonClient r, String key) {
        return r.<String>getBucket(key).get();
    }

    private static void set(RedissonClient r, String key, String value) {
        r.<String>getBucket(key).set(value);
    }

    private static void writeKeys(RedissonClient r) {
        for (int i = 0; i < KEYS; i++) set(r, key(i), value(i));
        set(r, FOO, "1");
        set(r, FOO2, "2");
        set(r, BAR, "b");
    }

    private static void readKeys(RedissonClient r) {
        for (int i = 0; i < KEYS; i++) assertThat(get(r, key(i))).as(key(i)).isEqualTo(value(i));
    }

    /** Reads {@code key} until a read reaches its owner without a MOVED from {@code oldOwner}: Redisson's scan caught up. */
    private void awaitDirect(RedissonClient r, String key, String expected, int oldOwner) {
        await("Redisson's scan to route " + key + " without MOVED", Duration.ofSeconds(5), () -> {
            int moved = errors(oldOwner, "MOVED").size();
            assertThat(get(r, key)).isEqualTo(expected);
            return errors(oldOwner, "MOVED").size() == moved;
        });
    }

    @Test
    void followsMovedThenScansTheNewLayout() {
        RedissonClient r = connect();
        writeKeys(r);
        long scans = cluster.journal().count(SCAN);
        assertThat(scans).isPositive();
        cluster.moveSlot(fooSlot, 0);
        assertThat(get(r, FOO)).isEqualTo("1");
        // Redisson re-executed on the node the MOVED named
        assertThat(on(2, "GET", FOO)).first().satisfies(e -> assertThat(e.errorCode()).isEqualTo("MOVED"));
        assertThat(on(0, "GET", FOO)).first().satisfies(e -> assertThat(e.replyKind()).isEqualTo(Journal.ReplyKind.OK));
        awaitDirect(r, FOO, "1", 2);
        assertThat(cluster.journal().count(SCAN)).isGreaterThan(scans);
        set(r, FOO, "3");
        assertThat(get(r, FOO)).isEqualTo("3");
        assertThat(get(r, FOO2)).isEqualTo("2");
        assertThat(on(0, "SET", FOO)).last().satisfies(e -> assertThat(e.args()).containsExactly(FOO, "3"));
        readKeys(r);
        // the periodic scan is not a storm: one node asked per 200 ms interval
        assertThat(cluster.journal().maxCallsInWindow(SCAN, Duration.ofMillis(150))).isLessThanOrEqualTo(2);
    }

    @Test
    void followsAskDuringMigration() {
        RedissonClient r = connect();
        writeKeys(r);
        SlotMigration m = cluster.startMigration(fooSlot, 2, 1);
        m.moveKeys(FOO);
        assertThat(get(r, FOO)).isEqualTo("1");
        assertThat(get(r, FOO2)).isEqualTo("2");
        set(r, "{foo}3", "3");
        assertThat(get(r, "{foo}3")).isEqualTo("3");
        assertThat(on(2, "GET", FOO)).first().satisfies(e -> assertThat(e.errorCode()).isEqualTo("ASK"));
        assertThat(on(2, "SET", "{foo}3")).first().satisfies(e -> assertThat(e.errorCode()).isEqualTo("ASK"));
        assertThat(askingThen(1, "GET", FOO)).isTrue();
        assertThat(askingThen(1, "SET", "{foo}3")).isTrue();
        m.finish();
        assertThat(get(r, FOO2)).isEqualTo("2");
        assertThat(on(2, "GET", FOO2)).last().satisfies(e -> assertThat(e.errorCode()).isEqualTo("MOVED"));
        awaitDirect(r, FOO2, "2", 2);
        assertThat(get(r, FOO)).isEqualTo("1");
        assertThat(get(r, "{foo}3")).isEqualTo("3");
        readKeys(r);
    }

    @Test
    void writesContinueOnThePromotedReplicaAfterFailover() {
        RedissonClient r = connect();
        writeKeys(r);
        cluster.journal().clear();
        assertThat(cluster.failover(2)).isEqualTo(5);
        assertThat(get(r, FOO)).isEqualTo("1");
        set(r, FOO, "after");
        assertThat(get(r, FOO)).isEqualTo("after");
        awaitDirect(r, FOO, "after", 2);
        // whatever reached the old master was redirected; the scan re-discovered the layout
        assertThat(on(2, "GET", FOO)).allMatch(e -> "MOVED".equals(e.errorCode()));
        assertThat(on(2, "SET", FOO)).allMatch(e -> "MOVED".equals(e.errorCode()));
        assertThat(cluster.journal().discoveryCalls()).isPositive();
        set(r, FOO, "again");
        assertThat(get(r, FOO)).isEqualTo("again");
        assertThat(on(5, "SET", FOO)).extracting(e -> e.args().get(1)).contains("again");
        assertThat(on(5, "SET", FOO)).allMatch(e -> e.replyKind() == Journal.ReplyKind.OK);
        readKeys(r);
    }

    @Test
    void failedMasterThenFailoverThenRecovery() {
        RedissonClient r = connect(1);
        writeKeys(r);
        cluster.failNode(2);
        assertThatThrownBy(() -> get(r, FOO)).isInstanceOf(RedisException.class);
        assertThatThrownBy(() -> get(r, BAR)).isInstanceOf(RedisException.class).hasMessageContaining("CLUSTERDOWN The cluster is down");
        assertThat(on(0, "GET", BAR)).isNotEmpty().allMatch(e -> "CLUSTERDOWN".equals(e.errorCode()));

        assertThat(cluster.failover(2)).isEqualTo(5);
        await("Redisson to use the promoted replica", Duration.ofSeconds(5), () -> {
            try {
                return "1".equals(get(r, FOO));
            } catch (RedisException e) {
                return false;
            }
        });
        set(r, FOO, "during");
        assertThat(get(r, FOO)).isEqualTo("during");
        assertThat(get(r, BAR)).isEqualTo("b");
        assertThat(on(5, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.args()).containsExactly(FOO, "during"));

        cluster.recoverNode(2);
        set(r, FOO, "recovered");
        assertThat(get(r, FOO)).isEqualTo("recovered");
        readKeys(r);
        cluster.awaitReplication();
        try (redis.clients.jedis.Jedis n2 = new redis.clients.jedis.Jedis("127.0.0.1", cluster.node(2).port())) {
            n2.readonly();
            assertThat(n2.get(FOO)).isEqualTo("recovered");
        }
    }
}

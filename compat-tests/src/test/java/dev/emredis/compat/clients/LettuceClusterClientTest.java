package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.Journal;
import dev.emredis.Match;
import dev.emredis.SlotMigration;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lettuce's {@link RedisClusterClient} on the emulated cluster, with topology refresh options:
 * adaptive refresh triggers (MOVED, ASK, persistent reconnects...) make it re-read CLUSTER NODES
 * after a redirection; a periodic refresh lets it find a promoted replica without being
 * redirected at all. Values are exact; the journal shows the redirections and the refreshes (on
 * connections Lettuce names {@code lettuce#ClusterTopologyRefresh}).
 */
class LettuceClusterClientTest extends ClusterClientBase {
    private static final String REFRESH = "lettuce#ClusterTopologyRefresh";
    private static final Match NODES = Match.command("CLUSTER", "NODES").onClientName(REFRESH);

    private RedisClusterClient client;
    private StatefulRedisClusterConnection<String, String> connection;

    /** A client with all adaptive triggers (rate-limited to one refresh per {@code triggerTimeout}), and a periodic refresh if given. */
    private RedisAdvancedClusterCommands<String, String> connect(Duration triggerTimeout, Duration period) {
        ClusterTopologyRefreshOptions.Builder refresh = ClusterTopologyRefreshOptions.builder()
                .enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(triggerTimeout);
        if (period != null) refresh.enablePeriodicRefresh(period);
        client = RedisClusterClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(cluster.node(0).port())
                .withTimeout(Duration.ofSeconds(1)).build());
        client.setOptions(ClusterClientOptions.builder().topologyRefreshOptions(refresh.build()).build());
        connection = client.connect();
        return connection.sync();
    }

    @AfterEach
    void shutdownClient() {
        if (connection != null) connection.close();
        if (client != null) client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static void writeKeys(RedisAdvancedClusterCommands<String, String> c) {
        for (int i = 0; i < KEYS; i++) assertThat(c.set(key(i), value(i))).isEqualTo("OK");
        assertThat(c.set(FOO, "1")).isEqualTo("OK");
        assertThat(c.set(FOO2, "2")).isEqualTo("OK");
        assertThat(c.set(BAR, "b")).isEqualTo("OK");
    }

    private static void readKeys(RedisAdvancedClusterCommands<String, String> c) {
        for (int i = 0; i < KEYS; i++) assertThat(c.get(key(i))).as(key(i)).isEqualTo(value(i));
    }

    /** Whether Lettuce's own view (its Partitions) has node {@code node} serving {@code slot}. */
    private boolean viewShows(int slot, int node) {
        var p = client.getPartitions().getPartitionBySlot(slot);
        return p != null && p.getUri().getPort() == cluster.node(node).port();
    }

    /** Topology refreshes so far: Lettuce asks every node it knows, so count them on node 0. */
    private long refreshes() {
        return cluster.journal().node(0).count(NODES);
    }

    @Test
    void followsMovedAndRefreshesOnceForABurst() {
        RedisAdvancedClusterCommands<String, String> c = connect(Duration.ofSeconds(30), null);
        writeKeys(c);
        assertThat(refreshes()).isPositive(); // start-up discovery
        cluster.journal().clear();
        long before = refreshes();
        cluster.moveSlot(fooSlot, 0);
        for (int i = 0; i < 50; i++) assertThat(c.get(FOO)).isEqualTo("1");
        assertThat(c.set(FOO, "3")).isEqualTo("OK");
        assertThat(c.get(FOO)).isEqualTo("3");
        assertThat(c.get(FOO2)).isEqualTo("2");
        readKeys(c);
        // node 2 redirected; the MOVED trigger refreshed the topology (once: the trigger is rate-limited)
        assertThat(errors(2, "MOVED")).isNotEmpty().allMatch(e -> e.args().get(0).startsWith("foo") || e.args().get(0).equals(FOO2));
        await("a topology refresh after MOVED", Duration.ofSeconds(5), () -> viewShows(fooSlot, 0));
        assertThat(refreshes()).isEqualTo(before + 1);
        // once refreshed, requests go straight to node 0
        long moved = errors(2, "MOVED").size();
        for (int i = 0; i < 20; i++) assertThat(c.get(FOO)).isEqualTo("3");
        assertThat(errors(2, "MOVED")).hasSize((int) moved);
        assertThat(on(0, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.args()).containsExactly(FOO, "3"));
        // the burst of redirections produced no storm: at most one refresh round in any 5 s
        assertThat(cluster.journal().node(0).maxCallsInWindow(NODES, Duration.ofSeconds(5))).isEqualTo(1);
    }

    @Test
    void followsAskDuringMigration() {
        RedisAdvancedClusterCommands<String, String> c = connect(Duration.ofMillis(100), null);
        writeKeys(c);
        long beforeAsk = refreshes();
        SlotMigration m = cluster.startMigration(fooSlot, 2, 1);
        m.moveKeys(FOO);
        assertThat(c.get(FOO)).isEqualTo("1");
        assertThat(c.get(FOO2)).isEqualTo("2");
        assertThat(c.set("{foo}3", "3")).isEqualTo("OK");
        assertThat(c.get("{foo}3")).isEqualTo("3");
        assertThat(on(2, "GET", FOO)).first().satisfies(e -> assertThat(e.errorCode()).isEqualTo("ASK"));
        assertThat(on(2, "SET", "{foo}3")).first().satisfies(e -> assertThat(e.errorCode()).isEqualTo("ASK"));
        assertThat(askingThen(1, "GET", FOO)).isTrue();
        assertThat(askingThen(1, "SET", "{foo}3")).isTrue();
        assertThat(on(2, "GET", FOO2)).allMatch(e -> e.replyKind() == Journal.ReplyKind.OK);
        // the ASK trigger refreshed the topology too (the view still shows node 2 owning the slot)
        await("a topology refresh after ASK", Duration.ofSeconds(5), () -> refreshes() > beforeAsk);

        long before = refreshes();
        m.finish();
        assertThat(c.get(FOO2)).isEqualTo("2");
        assertThat(c.get(FOO)).isEqualTo("1");
        assertThat(c.get("{foo}3")).isEqualTo("3");
        assertThat(on(2, "GET", FOO2)).last().satisfies(e -> assertThat(e.errorCode()).isEqualTo("MOVED"));
        // triggers are rate-limited (one per 100 ms here): a MOVED right after the ASK refresh is not
        // one, so the client keeps following MOVED until a later one refreshes its view
        await("a topology refresh after MOVED", Duration.ofSeconds(5), () -> {
            assertThat(c.get(FOO2)).isEqualTo("2");
            return viewShows(fooSlot, 1);
        });
        // (refreshes are asynchronous and ask every node: the one started by ASK may already see the end)
        assertThat(refreshes()).isGreaterThanOrEqualTo(before);
        readKeys(c);
    }

    @Test
    void periodicRefreshFindsThePromotedReplicaBeforeAnyRedirection() {
        RedisAdvancedClusterCommands<String, String> c = connect(Duration.ofSeconds(30), Duration.ofMillis(200));
        writeKeys(c);
        assertThat(cluster.failover(2)).isEqualTo(5);
        long after = refreshes();
        await("a periodic refresh after the failover", Duration.ofSeconds(5), () -> viewShows(fooSlot, 5));
        assertThat(refreshes()).isGreaterThan(after);
        assertThat(c.get(FOO)).isEqualTo("1");
        assertThat(c.set(FOO, "after")).isEqualTo("OK");
        assertThat(c.get(FOO)).isEqualTo("after");
        readKeys(c);
        // Lettuce went to node 5 directly: node 2 never had to redirect
        assertThat(errors(2, "MOVED")).isEmpty();
        assertThat(on(5, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.replyKind()).isEqualTo(Journal.ReplyKind.OK));
        // periodic means periodic: refresh rounds spaced about 200 ms apart, never bunched
        List<java.time.Duration> gaps = cluster.journal().node(0).intervals(NODES);
        assertThat(gaps.subList(1, gaps.size())).allSatisfy(g -> assertThat(g).isGreaterThan(Duration.ofMillis(150)));
    }

    @Test
    void followsMovedFromTheOldMasterAfterFailover() {
        RedisAdvancedClusterCommands<String, String> c = connect(Duration.ofMillis(100), null);
        writeKeys(c);
        long before = refreshes();
        assertThat(cluster.failover(2)).isEqualTo(5);
        assertThat(c.get(FOO)).isEqualTo("1");
        assertThat(c.set(FOO, "after")).isEqualTo("OK");
        assertThat(on(2, "GET", FOO)).first().satisfies(e -> assertThat(e.errorCode()).isEqualTo("MOVED"));
        await("a topology refresh after MOVED", Duration.ofSeconds(5), () -> viewShows(fooSlot, 5));
        assertThat(refreshes()).isGreaterThan(before);
        long moved = errors(2, "MOVED").size();
        assertThat(c.set(FOO, "again")).isEqualTo("OK");
        assertThat(c.get(FOO)).isEqualTo("again");
        assertThat(errors(2, "MOVED")).hasSize((int) moved);
        assertThat(on(5, "SET", FOO)).extracting(e -> e.args().get(1)).contains("after", "again");
        readKeys(c);
    }

    @Test
    void failedMasterThenFailoverThenRecovery() {
        RedisAdvancedClusterCommands<String, String> c = connect(Duration.ofMillis(100), Duration.ofMillis(200));
        writeKeys(c);
        cluster.failNode(2);
        // commands for node 2 wait for a reconnect that does not come; the others are told the cluster is down
        assertThatThrownBy(() -> c.get(FOO)).isInstanceOf(RedisCommandTimeoutException.class);
        assertThatThrownBy(() -> c.get(BAR)).isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("CLUSTERDOWN The cluster is down");
        assertThat(on(0, "GET", BAR)).last().satisfies(e -> assertThat(e.errorCode()).isEqualTo("CLUSTERDOWN"));

        assertThat(cluster.failover(2)).isEqualTo(5);
        long after = refreshes();
        await("a refresh showing node 5 as master", Duration.ofSeconds(5), () -> viewShows(fooSlot, 5));
        assertThat(refreshes()).isGreaterThan(after);
        assertThat(c.get(FOO)).isEqualTo("1");
        assertThat(c.set(FOO, "during")).isEqualTo("OK");
        assertThat(c.get(BAR)).isEqualTo("b");
        assertThat(on(5, "SET", FOO)).singleElement().satisfies(e -> assertThat(e.args()).containsExactly(FOO, "during"));

        cluster.recoverNode(2);
        long recovered = cluster.journal().node(2).count(NODES);
        await("a refresh reaching the recovered node", Duration.ofSeconds(5), () -> cluster.journal().node(2).count(NODES) > recovered);
        assertThat(c.set(FOO, "recovered")).isEqualTo("OK");
        assertThat(c.get(FOO)).isEqualTo("recovered");
        readKeys(c);
        cluster.awaitReplication();
        try (redis.clients.jedis.Jedis n2 = new redis.clients.jedis.Jedis("127.0.0.1", cluster.node(2).port())) {
            n2.readonly();
            assertThat(n2.get(FOO)).isEqualTo("recovered");
        }
    }
}

package dev.emredis.compat.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.emredis.ClusterJournal;
import dev.emredis.Match;
import dev.emredis.testing.RespClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterOperationException;

/**
 * Backoff versus storm (issue 7, spec §1 and §11): a client whose node failed should re-discover
 * the topology with exponential backoff and jitter, and the journal shows it —
 * {@code intervals(CLUSTER SLOTS)} grow and {@code maxCallsInWindow} stays low — while a client
 * that re-discovers after every failure without waiting is a discovery storm that
 * {@code maxCallsInWindow} catches.
 *
 * <p>The small client here does what cluster clients do on a dead node: try it (connection
 * refused), ask a live node for CLUSTER SLOTS, wait, try again. Its waits advance the cluster's
 * frozen virtual clock instead of sleeping, so 12 attempts spanning minutes of backoff take
 * milliseconds, and the journal's timestamps (virtual clock) show the schedule exactly. The storm
 * runs in real time: its calls are as fast as the loop.
 */
class DiscoveryBackoffTest extends ClusterClientBase {
    private static final Match SLOTS = Match.command("CLUSTER", "SLOTS");
    /** The storm threshold these tests hold clients to: at most 5 discovery calls in any second. */
    private static final int MAX_PER_SECOND = 5;

    /** Exponential backoff with "equal jitter": half the doubled delay fixed, half random. */
    static final class Backoff {
        private final long baseMillis;
        private final long capMillis;
        private final Random random;

        Backoff(long baseMillis, long capMillis, long seed) {
            this.baseMillis = baseMillis;
            this.capMillis = capMillis;
            this.random = new Random(seed);
        }

        /** The ceiling of attempt {@code n}'s wait: base * 2^n, capped. */
        long ceiling(int n) {
            return Math.min(capMillis, baseMillis << Math.min(n, 30));
        }

        /** Attempt {@code n}'s wait, in [ceiling/2, ceiling]. */
        long delay(int n) {
            long c = ceiling(n);
            return c / 2 + (long) (random.nextDouble() * (c - c / 2));
        }
    }

    /**
     * One attempt of a client whose node {@code dead} failed: connect to it (refused), then
     * re-discover through a live node with CLUSTER SLOTS. Returns whether the dead node answered.
     */
    private boolean attempt(int dead, RespClient live) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", cluster.node(dead).port()), 500);
            return true;
        } catch (IOException refused) {
            assertThat(live.call("CLUSTER", "SLOTS")).startsWith("*3\r\n");
            return false;
        }
    }

    /** Runs {@code attempts} attempts against dead node 2, waiting {@code waits.accept(n)} after attempt n. */
    private void runClient(int attempts, IntConsumer waits) {
        try (RespClient live = new RespClient("127.0.0.1", cluster.node(0).port())) {
            for (int n = 0; n < attempts; n++) {
                assertThat(attempt(2, live)).as("node 2 is down").isFalse();
                waits.accept(n);
            }
        }
    }

    /** The storm detector: fails when discovery ran more than {@link #MAX_PER_SECOND} times in any second. */
    static void assertNoDiscoveryStorm(ClusterJournal journal) {
        int peak = journal.maxCallsInWindow(SLOTS, Duration.ofSeconds(1));
        assertThat(peak).as("CLUSTER SLOTS calls in the busiest second (a discovery storm above %d)", MAX_PER_SECOND)
                .isLessThanOrEqualTo(MAX_PER_SECOND);
    }

    @Test
    void exponentialBackoffWithJitterShowsGrowingIntervals() {
        cluster.failNode(2);
        cluster.journal().clear();
        // frozen: time moves only by the client's waits, so the journal shows its schedule exactly
        cluster.clock().freeze();
        Backoff backoff = new Backoff(100, 60_000, 7);
        List<Long> waited = new ArrayList<>();
        runClient(12, n -> {
            long d = backoff.delay(n);
            waited.add(d);
            cluster.clock().advance(Duration.ofMillis(d)); // the client's sleep, on the virtual clock
        });

        List<Duration> gaps = cluster.journal().intervals(SLOTS);
        assertThat(gaps).hasSize(11);
        for (int i = 0; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("gap %d", i).isEqualTo(Duration.ofMillis(waited.get(i)));
            assertThat(waited.get(i)).as("wait %d", i).isBetween(backoff.ceiling(i) / 2, backoff.ceiling(i));
        }
        // growth: with equal jitter a gap is always longer than the one two attempts before...
        for (int i = 2; i < gaps.size(); i++) assertThat(gaps.get(i)).as("gap %d vs %d", i, i - 2).isGreaterThan(gaps.get(i - 2));
        // ...and on average each gap about doubles the previous one
        double logSum = 0;
        for (int i = 1; i < gaps.size(); i++) logSum += Math.log((double) gaps.get(i).toNanos() / gaps.get(i - 1).toNanos());
        double growth = Math.exp(logSum / (gaps.size() - 1));
        assertThat(growth).as("mean growth factor").isBetween(1.6, 2.5);
        // jitter: the gaps are not a fixed multiple of their ceiling (clients retrying together spread out)
        Set<Long> fractions = new HashSet<>();
        for (int i = 0; i < gaps.size(); i++) fractions.add(Math.round(100.0 * gaps.get(i).toMillis() / backoff.ceiling(i)));
        assertThat(fractions).as("jitter (percent of the ceiling)").hasSizeGreaterThan(5);
        // and no storm: the busiest second saw at most the first few quick retries
        assertNoDiscoveryStorm(cluster.journal());
        assertThat(cluster.journal().maxCallsInWindow(SLOTS, Duration.ofSeconds(10))).isLessThanOrEqualTo(8);
        assertThat(cluster.journal().discoveryCalls()).isEqualTo(12);
    }

    @Test
    void rediscoveringAfterEveryFailureWithoutBackoffIsAStorm() {
        cluster.failNode(2);
        cluster.journal().clear();
        runClient(200, n -> { });

        assertThat(cluster.journal().discoveryCalls()).isEqualTo(200);
        int peak = cluster.journal().maxCallsInWindow(SLOTS, Duration.ofSeconds(1));
        // (200 calls as fast as a loaded 2-core machine runs them: far beyond 5 a second)
        assertThat(peak).as("calls in the busiest second").isGreaterThan(4 * MAX_PER_SECOND);
        assertThatThrownBy(() -> assertNoDiscoveryStorm(cluster.journal())).isInstanceOf(AssertionError.class)
                .hasMessageContaining("a discovery storm above 5");
        // and nothing grows: the gaps stay at loop speed (median, as a GC pause may stretch one)
        List<Duration> gaps = new ArrayList<>(cluster.journal().intervals(SLOTS));
        assertThat(gaps).hasSize(199);
        gaps.sort(null);
        assertThat(gaps.get(gaps.size() / 2)).isLessThan(Duration.ofMillis(50));
    }

    @Test
    void jedisClusterRenewsTwicePerFailingCommandOnADeadNode() {
        try (JedisCluster j = new JedisCluster(Set.of(new HostAndPort("127.0.0.1", cluster.node(0).port())),
                DefaultJedisClientConfig.builder().socketTimeoutMillis(500).build(), 5, Duration.ofSeconds(2))) {
            assertThat(j.set(FOO, "1")).isEqualTo("OK");
            cluster.failNode(2);
            cluster.journal().clear();
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> j.get(FOO)).isInstanceOf(JedisClusterOperationException.class)
                        .hasMessage("No more cluster attempts left.");
            }
        }
        // Jedis: after two refused connections in a row it sleeps a random share of the time left,
        // then renews with CLUSTER SLOTS; 5 attempts give two renewals per command, never a storm
        assertThat(cluster.journal().discoveryCalls()).isEqualTo(6);
        assertNoDiscoveryStorm(cluster.journal());
    }
}

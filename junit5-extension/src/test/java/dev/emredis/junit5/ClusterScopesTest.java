package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.emredis.RedisCluster;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/** Runs cluster fixture classes through the JUnit launcher: keepData, method scope, programmatic form, reports. */
class ClusterScopesTest {
    static final List<RedisCluster> SEEN = new CopyOnWriteArrayList<>();

    /** Failures of the fixture's tests by display name. */
    private static Map<String, Throwable> run(Class<?> fixture) {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        List<String> succeeded = new CopyOnWriteArrayList<>();
        LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build();
        LauncherFactory.create().execute(req, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) return;
                if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) succeeded.add(id.getDisplayName());
                else failures.put(id.getDisplayName(), result.getThrowable().orElse(new AssertionError("aborted")));
            }
        });
        assertThat(succeeded.size() + failures.size()).as("tests run in " + fixture.getSimpleName()).isPositive();
        return failures;
    }

    private static JedisCluster jedis(RedisCluster c) {
        return new JedisCluster(new HostAndPort(c.node(0).host(), c.node(0).port()));
    }

    @EmbeddedRedisCluster(masters = 2, keepData = true, version = "7.2.4", config = "cluster-require-full-coverage no")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KeepDataFixture {
        @Test
        @Order(1)
        void writesAndReshards(RedisCluster cluster) {
            SEEN.add(cluster);
            try (JedisCluster j = jedis(cluster)) {
                j.set("kept", "1");
            }
            cluster.moveSlot(cluster.slotOf("kept"), 1 - cluster.masterOf(cluster.slotOf("kept")));
            cluster.unassignSlots(0, 0);
        }

        @Test
        @Order(2)
        void seesDataAndTopology(RedisCluster cluster) {
            int slot = cluster.slotOf("kept");
            assertThat(cluster.masterOf(0)).isEqualTo(-1);
            // (JedisCluster refuses to start with "Cluster slots have holes.": a plain connection to the owner)
            try (Jedis j = new Jedis(cluster.node(0).host(), cluster.node(cluster.masterOf(slot)).port())) {
                // full coverage not required (config attribute): the cluster still serves the other slots
                assertThat(j.get("kept")).isEqualTo("1");
            }
            assertThat(cluster.journal().node(cluster.masterOf(slot)).count("GET")).isEqualTo(1);
            assertThat(cluster.journal().count("SET")).isEqualTo(1);
            try (Jedis j = new Jedis(cluster.node(0).host(), cluster.node(0).port())) {
                assertThat(j.info("server")).contains("redis_version:7.2.4");
            }
        }
    }

    @Test
    void keepDataKeepsKeysTopologyAndJournal() {
        SEEN.clear();
        assertThat(run(KeepDataFixture.class)).isEmpty();
        assertThat(SEEN).singleElement().satisfies(c -> assertThat(c.nodes()).allMatch(n -> n.isClosed()));
    }

    static class MethodScopeFixture {
        @Test
        @EmbeddedRedisCluster(masters = 1)
        void one(RedisCluster cluster) {
            SEEN.add(cluster);
            assertThat(cluster.nodes()).hasSize(1);
            assertThat(cluster.masterOf(16383)).isZero();
        }

        @Test
        @EmbeddedRedisCluster(masters = 2, replicasPerMaster = 2)
        void two(RedisCluster cluster) {
            SEEN.add(cluster);
            assertThat(cluster.nodes()).hasSize(6);
            assertThat(cluster.replicasOf(1)).containsExactly(4, 5);
        }
    }

    @Test
    void methodScopeGivesEachTestItsOwnClusterAndClosesIt() {
        SEEN.clear();
        assertThat(run(MethodScopeFixture.class)).isEmpty();
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
        assertThat(SEEN).allSatisfy(c -> assertThat(c.nodes()).allMatch(n -> n.isClosed()));
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ProgrammaticFixture {
        @RegisterExtension
        static EmbeddedRedisClusterExtension redis = EmbeddedRedisClusterExtension.builder()
                .masters(2).replicasPerMaster(1).seed(7).config("cluster-node-timeout", "5000").build();

        RedisCluster field;

        @Test
        @Order(1)
        void usesTheBuilderSettings(RedisCluster injected) {
            SEEN.add(redis.cluster());
            assertThat(injected).isSameAs(redis.cluster()).isSameAs(field);
            assertThat(injected.nodes()).hasSize(4);
            try (Jedis j = new Jedis(injected.node(0).host(), injected.node(0).port())) {
                assertThat(j.configGet("cluster-node-timeout")).containsEntry("cluster-node-timeout", "5000");
            }
            // seed 7 fixes the node ids
            try (RedisCluster same = RedisCluster.builder().masters(1).seed(7).build().start()) {
                assertThat(injected.nodeId(0)).isEqualTo(same.nodeId(0));
            }
            injected.failover(0);
            injected.close();
        }

        @Test
        @Order(2)
        void aClosedClusterIsReplaced(RedisCluster injected) {
            SEEN.add(injected);
            assertThat(injected.node(0).isClosed()).isFalse();
            assertThat(injected.masters()).containsExactly(0, 1);
            assertThat(field).isSameAs(injected);
            injected.node(3).close();
        }

        @Test
        @Order(3)
        void soIsOneWithAClosedNode(RedisCluster injected) {
            SEEN.add(injected);
            assertThat(injected.nodes()).noneMatch(n -> n.isClosed());
        }
    }

    @Test
    void programmaticRegistration() {
        SEEN.clear();
        assertThat(run(ProgrammaticFixture.class)).isEmpty();
        assertThat(SEEN).hasSize(3).doesNotHaveDuplicates();
        assertThat(SEEN).allSatisfy(c -> assertThat(c.nodes()).allMatch(n -> n.isClosed()));
    }

    static class PerTestProgrammaticFixture {
        @RegisterExtension
        EmbeddedRedisClusterExtension redis = EmbeddedRedisClusterExtension.builder().masters(1).build();

        @Test
        void a(RedisCluster c) {
            SEEN.add(c);
        }

        @Test
        void b(RedisCluster c) {
            SEEN.add(c);
        }
    }

    @Test
    void instanceFieldRegistrationGivesEachTestItsOwnCluster() {
        SEEN.clear();
        assertThat(run(PerTestProgrammaticFixture.class)).isEmpty();
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
    }

    static class CyclesFixture {
        @org.junit.jupiter.api.RepeatedTest(100)
        @EmbeddedRedisCluster(masters = 2, replicasPerMaster = 1)
        void cycle(RedisCluster cluster) {
            cluster.failover(0);
            try (Jedis j = new Jedis(cluster.node(2).host(), cluster.node(2).port())) {
                assertThat(j.set("k", "v")).isEqualTo("OK");
            }
        }
    }

    private static long emulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("emredis")).count();
    }

    private static long openFiles() throws java.io.IOException {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    @Test
    void hundredClusterCyclesLeaveNoThreadsOrSockets() throws java.io.IOException {
        long threads = emulatorThreads();
        boolean proc = java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self/fd"));
        long files = proc ? openFiles() : -1;
        assertThat(run(CyclesFixture.class)).isEmpty();
        assertThat(emulatorThreads()).isEqualTo(threads);
        if (proc) assertThat(openFiles()).isLessThanOrEqualTo(files + 5);
    }

    @EmbeddedRedisCluster(masters = 3, replicasPerMaster = 1)
    static class FailingFixture {
        @Test
        void fails(RedisCluster cluster) {
            try (JedisCluster j = jedis(cluster)) {
                j.set("foo", "1");
                j.rpush("queue", "a", "b");
            }
            cluster.failNode(4);
            assertThat(1).isEqualTo(2);
        }
    }

    @Test
    void failureReportCarriesJournalsOfAllNodesAndTheLayout() {
        Map<String, Throwable> failures = run(FailingFixture.class);
        assertThat(failures).hasSize(1);
        Throwable t = failures.values().iterator().next();
        assertThat(t.getSuppressed()).hasSize(1);
        String report = t.getSuppressed()[0].getMessage();
        // foo is in slot 12182 (node 2), queue in slot 13700 (node 2); JedisCluster discovered through node 0
        assertThat(report).startsWith("emredis cluster, seed redis://127.0.0.1:")
                .containsPattern("node 0: \\S+ #\\d+ db0 CLUSTER SLOTS -> ok")
                .containsPattern("node 2: \\S+ #\\d+ db0 SET foo 1 -> ok")
                .containsPattern("node 2: \\S+ #\\d+ db0 RPUSH queue a b -> ok")
                .contains(" master slots 0-5460, 0 keys", " master slots 10923-16383, 2 keys", " replica of node 1 FAILED, 0 keys");
    }
}

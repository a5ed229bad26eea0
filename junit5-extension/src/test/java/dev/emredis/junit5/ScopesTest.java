package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.emredis.RedisEmulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import redis.clients.jedis.Jedis;

/** Runs fixture classes through the JUnit launcher and checks scopes, keepData, reports and cleanup. */
class ScopesTest {
    static final List<RedisEmulator> SEEN = new CopyOnWriteArrayList<>();

    /** Failures of the fixture's tests by display name. */
    private static Map<String, Throwable> run(Class<?> fixture, Map<String, String> params) {
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        List<String> succeeded = new CopyOnWriteArrayList<>();
        LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture))
                .configurationParameters(params).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(req, new TestExecutionListener() {
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

    @EmbeddedRedis(keepData = true, version = "7.2.4")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class KeepDataFixture {
        @Test
        @Order(1)
        void writes(RedisEmulator redis) {
            SEEN.add(redis);
            try (Jedis j = new Jedis(redis.host(), redis.port())) {
                j.set("kept", "1");
            }
        }

        @Test
        @Order(2)
        void reads(RedisEmulator redis) {
            try (Jedis j = new Jedis(redis.host(), redis.port())) {
                assertThat(j.get("kept")).isEqualTo("1");
                assertThat(j.info("server")).contains("redis_version:7.2.4");
            }
            assertThat(redis.journal().count("SET")).isEqualTo(1);
        }
    }

    @Test
    void keepDataAndVersion() {
        SEEN.clear();
        assertThat(run(KeepDataFixture.class, Map.of())).isEmpty();
        assertThat(SEEN).singleElement().satisfies(r -> assertThat(r.isClosed()).isTrue());
    }

    static class MethodScopeFixture {
        @Test
        @EmbeddedRedis
        void one(RedisEmulator redis) {
            SEEN.add(redis);
            assertThat(redis.isClosed()).isFalse();
        }

        @Test
        @EmbeddedRedis
        void two(RedisEmulator redis) {
            SEEN.add(redis);
        }
    }

    @Test
    void methodScopeGivesEachTestItsOwnServerAndClosesIt() {
        SEEN.clear();
        assertThat(run(MethodScopeFixture.class, Map.of())).isEmpty();
        assertThat(SEEN).hasSize(2);
        assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
        assertThat(SEEN).allSatisfy(r -> assertThat(r.isClosed()).isTrue());
    }

    static class ProgrammaticFixture {
        @RegisterExtension
        static EmbeddedRedisExtension redis = EmbeddedRedisExtension.builder().version("6.2.14").config("databases", "4").build();

        @Test
        void usesTheBuilderSettings() {
            SEEN.add(redis.emulator());
            try (Jedis j = new Jedis(redis.emulator().host(), redis.emulator().port())) {
                assertThat(j.info("server")).contains("redis_version:6.2.14");
                assertThat(j.configGet("databases")).containsEntry("databases", "4");
            }
        }

        @Test
        void injectsToo(RedisEmulator injected) {
            assertThat(injected).isSameAs(redis.emulator());
        }
    }

    @Test
    void programmaticRegistration() {
        SEEN.clear();
        assertThat(run(ProgrammaticFixture.class, Map.of())).isEmpty();
        assertThat(SEEN).singleElement().satisfies(r -> assertThat(r.isClosed()).isTrue());
    }

    @EmbeddedRedis
    static class FailingFixture {
        @Test
        void fails(RedisEmulator redis) {
            try (Jedis j = new Jedis(redis.host(), redis.port())) {
                j.select(3);
                j.set("user:1", "ada");
                j.rpush("queue", "a", "b");
            }
            assertThat(1).isEqualTo(2);
        }
    }

    @Test
    void failureReportCarriesJournalAndKeyspace() {
        Map<String, Throwable> failures = run(FailingFixture.class, Map.of());
        assertThat(failures).hasSize(1);
        Throwable t = failures.values().iterator().next();
        assertThat(t.getSuppressed()).hasSize(1);
        String report = t.getSuppressed()[0].getMessage();
        assertThat(report).contains("last ", " db3 SET user:1 ada -> ok", "RPUSH queue a b -> ok",
                "db3: 2 keys", "user:1 (string)", "queue (list)");
    }

    @EmbeddedRedis
    static class ParallelFixture {
        @RepeatedTest(20)
        void isolated(RedisEmulator redis) {
            try (Jedis j = new Jedis(redis.host(), redis.port())) {
                assertThat(j.incr("n")).isEqualTo(1);
            }
        }

        @RepeatedTest(20)
        @EmbeddedRedis
        void ownServer(RedisEmulator redis) {
            try (Jedis j = new Jedis(redis.host(), redis.port())) {
                assertThat(j.incr("n")).isEqualTo(1);
            }
        }
    }

    @Test
    void parallelMethodScopedServersAreIndependent() {
        Map<String, Throwable> failures = run(ParallelFixture.class, Map.of(
                "junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "4"));
        // the class-scoped server is shared by concurrent tests: only the method-scoped ones must all pass
        assertThat(failures.keySet()).noneMatch(n -> n.startsWith("ownServer"));
    }

    static class CompatFixture {
        @RedisCompatibilityTest
        void runs(RedisTarget redis) {
            SEEN_TARGETS.add(redis.toString());
        }
    }

    static final List<String> SEEN_TARGETS = new CopyOnWriteArrayList<>();

    @Test
    void compatibilityTestSkipsTheRealRunWithAClearMessage() {
        String old = System.getProperty("emredis.real");
        System.setProperty("emredis.real", "127.0.0.1:1");
        List<String> skipped = new CopyOnWriteArrayList<>();
        try {
            LauncherDiscoveryRequest req = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(CompatFixture.class)).build();
            LauncherFactory.create().execute(req, new TestExecutionListener() {
                @Override
                public void executionSkipped(TestIdentifier id, String reason) {
                    skipped.add(id.getDisplayName() + ": " + reason);
                }
            });
        } finally {
            if (old == null) System.clearProperty("emredis.real");
            else System.setProperty("emredis.real", old);
        }
        assertThat(SEEN_TARGETS).singleElement().asString().startsWith("emulator 127.0.0.1:");
        assertThat(skipped).singleElement().asString().startsWith("real redis-server: no real Redis to compare with: 127.0.0.1:1: ")
                .endsWith("(install redis-server on PATH or pass -Demredis.real=host:port)");
    }

    static class CyclesFixture {
        @RepeatedTest(1000)
        @EmbeddedRedis
        void cycle(RedisEmulator redis) {
            assertThat(redis.port()).isPositive();
        }
    }

    private static long openFiles() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long emulatorThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("emredis")).count();
    }

    @Test
    void thousandStartCloseCyclesLeaveNoThreadsOrSockets() throws IOException {
        long threads = emulatorThreads();
        long files = Files.isDirectory(Path.of("/proc/self/fd")) ? openFiles() : -1;
        assertThat(run(CyclesFixture.class, Map.of())).isEmpty();
        assertThat(emulatorThreads()).isEqualTo(threads);
        if (files >= 0) assertThat(openFiles()).isLessThanOrEqualTo(files + 5);
        List<Object> unused = new ArrayList<>();
        assertThat(unused).isEmpty();
    }
}

package dev.emredis.spring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.entry;

import dev.emredis.RedisEmulator;
import dev.emredis.Role;
import dev.emredis.junit5.EmbeddedRedis;
import dev.emredis.spring.RealRedis;
import dev.emredis.testing.RespClient;
import io.lettuce.core.RedisCommandExecutionException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Faults as a Spring Boot application sees them: the emulator's {@code faults()} switch makes
 * the service fail with the same Spring exception (type, message, cause) as the same application
 * gets from a real redis-server in that state.
 */
@SpringBootTest
@EmbeddedRedis
@DirtiesContext
class SpringBootFaultsTest {
    static RedisEmulator redis;

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> redis.host());
        registry.add("spring.data.redis.port", () -> redis.port());
    }

    @Autowired
    CartService carts;

    /** A write, then a read: "ok: ..." or the exception chain the service threw. */
    private static List<String> writeThenRead(CartService carts) {
        List<String> seen = new ArrayList<>();
        for (Runnable call : List.<Runnable>of(() -> carts.add("alice", "book", 1), () -> carts.items("alice"))) {
            Throwable t = catchThrowable(call::run);
            seen.add(t == null ? "ok" : RealApp.describe(t));
        }
        return seen;
    }

    @Test
    void outOfMemory() {
        redis.faults().oom(true);
        Throwable t = catchThrowable(() -> carts.add("alice", "book", 1));
        assertThat(t).isInstanceOf(RedisSystemException.class).hasMessage("Error in execution")
                .cause().isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("OOM command not allowed when used memory > 'maxmemory'.");
        assertThat(carts.items("alice")).isEmpty(); // reads still work

        List<String> onEmulator = writeThenRead(carts);
        List<String> onReal;
        try (RealRedis full = RealRedis.startAnother()) {
            fill(full);
            try (RealApp app = RealApp.on(full)) {
                onReal = writeThenRead(app.bean(CartService.class));
            }
        }
        assertThat(onEmulator).isEqualTo(onReal);
        assertThat(onEmulator.get(0)).isEqualTo(RealApp.describe(t));
    }

    /**
     * Puts 2 MB of data in a real Redis, then lowers its maxmemory to 1mb: with the default
     * noeviction policy nothing is evicted and every write is refused. (Filling up to the limit
     * with writes instead stops at the first OOM, which a big write's own query buffer may have
     * caused, leaving room for the small write that follows.)
     */
    private static void fill(RealRedis real) {
        String value = "x".repeat(64 * 1024);
        try (RespClient c = real.connect()) {
            for (int i = 0; i < 32; i++) c.call("SET", "filler:" + i, value);
            assertThat(c.call("CONFIG", "SET", "maxmemory", "1mb")).isEqualTo("+OK\r\n");
        }
    }

    @Test
    void readOnlyReplica() {
        redis.faults().role(Role.REPLICA);
        Throwable t = catchThrowable(() -> carts.add("alice", "book", 1));
        assertThat(t).isInstanceOf(RedisSystemException.class).hasMessage("Error in execution")
                .cause().isInstanceOf(RedisCommandExecutionException.class)
                .hasMessage("READONLY You can't write against a read only replica.");

        List<String> onEmulator = writeThenRead(carts);
        List<String> onReal;
        // a real replica whose master is down: it serves its (empty) data read-only
        try (RealRedis replica = RealRedis.startAnother("--replicaof", "127.0.0.1", String.valueOf(RealRedis.freePort()))) {
            try (RealApp app = RealApp.on(replica)) {
                onReal = writeThenRead(app.bean(CartService.class));
            }
        }
        assertThat(onEmulator).isEqualTo(onReal);
        assertThat(onEmulator).containsExactly(RealApp.describe(t), "ok");
    }

    @Test
    void backToNormalOnceTheFaultIsCleared() {
        redis.faults().oom(true);
        assertThat(catchThrowable(() -> carts.add("alice", "book", 1))).isInstanceOf(RedisSystemException.class);
        redis.faults().clear();
        assertThat(carts.add("alice", "book", 1)).isEqualTo(1);
        assertThat(carts.items("alice")).containsExactly(entry("book", 1L));
    }
}

package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.Match;
import dev.emredis.RedisEmulator;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** One server per class: field, constructor and parameter injection; a clean server per test; @Nested shares it. */
@EmbeddedRedis
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClassScopeTest {
    static RedisEmulator staticField;
    static int firstPort;
    RedisEmulator field;
    private final RedisEmulator fromConstructor;

    ClassScopeTest(RedisEmulator redis) {
        this.fromConstructor = redis;
    }

    @Test
    @Order(1)
    void injectsTheSameServerEverywhere(RedisEmulator param) {
        assertThat(param).isSameAs(field).isSameAs(fromConstructor).isSameAs(staticField);
        firstPort = param.port();
        try (Jedis j = new Jedis(param.host(), param.port())) {
            j.set("left", "over");
        }
        param.faults().oom(true);
        param.clock().advance(Duration.ofDays(3));
        param.faults().when(Match.command("PING")).replyError("ERR injected");
    }

    @Test
    @Order(2)
    void eachTestStartsClean(RedisEmulator redis) {
        assertThat(redis.port()).isEqualTo(firstPort);
        assertThat(redis.journal().commands()).isEmpty();
        assertThat(redis.clock().instant()).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(5));
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.exists("left")).isFalse();
            assertThat(j.set("k", "v")).isEqualTo("OK");
            assertThat(j.ping()).isEqualTo("PONG");
        }
    }

    @Test
    @Order(3)
    void faultsWorkThroughClients(RedisEmulator redis) {
        redis.faults().oom(true);
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> j.set("k", "v")).isInstanceOf(JedisDataException.class)
                    .hasMessage("OOM command not allowed when used memory > 'maxmemory'.");
        }
    }

    @Test
    @Order(4)
    @EmbeddedRedis(version = "6.2.14")
    void aMethodAnnotationGivesTheTestItsOwnServer(RedisEmulator redis) {
        assertThat(redis.port()).isNotEqualTo(firstPort);
        assertThat(redis).isNotSameAs(staticField);
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.info("server")).contains("redis_version:6.2.14");
        }
    }

    @Nested
    class Inner {
        @Test
        void seesTheOuterServer(RedisEmulator redis) {
            assertThat(redis).isSameAs(field).isSameAs(staticField);
            assertThat(redis.isClosed()).isFalse();
        }
    }
}

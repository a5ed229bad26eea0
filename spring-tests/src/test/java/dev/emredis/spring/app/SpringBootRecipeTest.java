package dev.emredis.spring.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.emredis.RedisEmulator;
import dev.emredis.junit5.EmbeddedRedis;
import dev.emredis.spring.RealRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The README's Spring Boot recipe: {@code @EmbeddedRedis} starts the emulator before Spring
 * builds the context, {@code @DynamicPropertySource} points the auto-configured connection at it.
 */
@SpringBootTest
@EmbeddedRedis
@DirtiesContext // the server lives as long as the class: close the cached context with it
class SpringBootRecipeTest {
    static RedisEmulator redis; // injected by @EmbeddedRedis before the context starts

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> redis.host());
        registry.add("spring.data.redis.port", () -> redis.port());
    }

    @Autowired
    CartService carts;

    @Test
    void cartExpiresHalfAnHourAfterTheLastChange() {
        carts.add("alice", "book", 1);
        carts.add("alice", "book", 2);
        assertThat(carts.items("alice")).containsExactly(entry("book", 3L));

        redis.clock().advance(Duration.ofMinutes(29));
        assertThat(carts.secondsLeft("alice")).isEqualTo(60);
        redis.clock().advance(Duration.ofMinutes(1));
        assertThat(carts.items("alice")).isEmpty();
    }

    @Autowired
    StringRedisTemplate template;

    @Test
    void theServiceWritesAHashWithATtl() {
        carts.add("alice", "book", 3);
        assertThat(template.opsForHash().get("cart:alice", "book")).isEqualTo("3");
        assertThat(template.getExpire("cart:alice")).isEqualTo(1800);
        assertThat(redis.journal().count("HINCRBY")).isEqualTo(1);
        assertThat(redis.journal().count("PEXPIRE")).isEqualTo(1); // Spring sends expire(Duration) as PEXPIRE
    }

    /** What the service returns, on any server. */
    private static List<Object> workflow(CartService carts) {
        List<Object> seen = new ArrayList<>();
        seen.add(carts.add("bob", "pen", 2));
        seen.add(carts.add("bob", "ink", 1));
        seen.add(carts.add("bob", "pen", -1));
        seen.add(carts.items("bob"));
        seen.add(carts.secondsLeft("bob"));
        seen.add(carts.items("nobody"));
        seen.add(carts.secondsLeft("nobody"));
        return seen;
    }

    @Test
    void sameResultsAsOnRealRedis() {
        List<Object> onEmulator = workflow(carts);
        List<Object> onReal;
        RealRedis real = RealRedis.get();
        real.call("DEL", "cart:bob");
        try (RealApp app = RealApp.on(real)) {
            onReal = workflow(app.bean(CartService.class));
        }
        assertThat(onEmulator).isEqualTo(onReal);
        assertThat(onEmulator.get(3)).hasToString("{ink=1, pen=1}");
    }
}

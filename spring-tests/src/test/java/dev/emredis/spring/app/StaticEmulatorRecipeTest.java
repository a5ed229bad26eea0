package dev.emredis.spring.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.emredis.RedisEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The README's recipe without the JUnit 5 extension: a static emulator of the class's own (emredis-core only). */
@SpringBootTest
@DirtiesContext
class StaticEmulatorRecipeTest {
    static final RedisEmulator redis = RedisEmulator.builder().build().start();

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", redis::port);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @Autowired
    CartService carts;

    @Test
    void addsToTheCart() {
        assertThat(carts.add("carol", "mug", 2)).isEqualTo(2);
        assertThat(redis.journal().count("HINCRBY")).isEqualTo(1);
    }
}

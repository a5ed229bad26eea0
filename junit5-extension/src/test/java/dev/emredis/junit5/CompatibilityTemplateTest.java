package dev.emredis.junit5;

import static org.assertj.core.api.Assertions.assertThat;

import redis.clients.jedis.Jedis;

/** A @RedisCompatibilityTest runs once on the emulator and once on real Redis (when there is one). */
class CompatibilityTemplateTest {
    @RedisCompatibilityTest
    void sameBehaviourOnBoth(RedisTarget redis) {
        try (Jedis j = new Jedis(redis.host(), redis.port())) {
            assertThat(j.exists("counter")).isFalse();
            assertThat(j.incr("counter")).isEqualTo(1);
            assertThat(j.incrBy("counter", 41)).isEqualTo(42);
        }
        assertThat(redis.emulator().isPresent()).isEqualTo(redis.isEmulator());
    }
}

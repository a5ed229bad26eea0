package dev.emredis.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test method twice: against a fresh emulator and against a real redis-server, each
 * given as a {@link RedisTarget} parameter — so one test proves the emulator behaves like Redis
 * for the application's own usage.
 *
 * <pre>{@code
 * @RedisCompatibilityTest
 * void counts(RedisTarget redis) {
 *     try (Jedis j = new Jedis(redis.host(), redis.port())) {
 *         assertThat(j.incr("n")).isEqualTo(1);
 *     }
 * }
 * }</pre>
 *
 * The real server is {@code -Demredis.real=host:port} if given, else a {@code redis-server} from
 * PATH started once per test run on a free port (no persistence). Without either, the real
 * invocation is skipped with a message saying so. Both start empty (FLUSHALL on the real one).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(RedisCompatibilityExtension.class)
public @interface RedisCompatibilityTest {
}

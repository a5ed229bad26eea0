package dev.emredis.junit5;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the test(s) against an in-memory Redis emulator.
 *
 * <p>On a class: one server for the whole class (and its {@code @Nested} classes), closed after
 * the class. On a method: a server for that test only. The {@link dev.emredis.RedisEmulator} is
 * injected into test/lifecycle method parameters, constructor parameters and fields of that type.
 *
 * <pre>{@code
 * @EmbeddedRedis
 * class CacheTest {
 *     @Test
 *     void caches(RedisEmulator redis) {
 *         Jedis jedis = new Jedis(redis.host(), redis.port());
 *         ...
 *     }
 * }
 * }</pre>
 *
 * Unless {@link #keepData()}, each test starts clean: FLUSHALL, SCRIPT/FUNCTION FLUSH when those
 * commands exist, faults cleared, journal cleared, clock back to system time. When a test fails,
 * its report carries the last 50 journal entries and a short keyspace summary.
 *
 * <p>Parallel execution: every class (and every method-scoped test) has its own server on its
 * own port, so classes run in parallel safely. Tests of one class that run concurrently share the
 * class's server and its reset; give them method scope when they must not see each other.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(EmbeddedRedisExtension.class)
public @interface EmbeddedRedis {
    /** TCP port; 0 (default) picks a free one. */
    int port() default 0;

    /** What INFO and HELLO report as the server version; empty means the default, 7.0.15. */
    String version() default "";

    /** Keep keys, faults, journal and clock from one test to the next (default: reset before each test). */
    boolean keepData() default false;
}

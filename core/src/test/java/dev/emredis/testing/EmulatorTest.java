package dev.emredis.testing;

import dev.emredis.RedisEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base for tests against one emulator per class: {@link #redis} is started before all tests,
 * flushed and given a fresh {@link #c} connection before each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EmulatorTest {
    protected RedisEmulator redis;
    protected RespClient c;

    @BeforeAll
    void startEmulator() {
        redis = RedisEmulator.builder().seed(42).build().start();
    }

    @AfterAll
    void stopEmulator() {
        redis.close();
    }

    @BeforeEach
    void freshConnection() {
        redis.flushAll();
        redis.clock().useSystemTime();
        c = new RespClient(redis);
    }

    @AfterEach
    void closeConnection() {
        c.close();
    }

    /** A second connection, closed by the caller. */
    protected RespClient connect() {
        return new RespClient(redis);
    }
}

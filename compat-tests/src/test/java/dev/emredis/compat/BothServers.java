package dev.emredis.compat;

import dev.emredis.RedisEmulator;
import dev.emredis.testing.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base for compat tests that use the emulator and the real redis-server side by side: one
 * emulator per test class (seeded, so random picks repeat) and the shared reference server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BothServers {
    protected RedisEmulator emulator;
    protected RealRedis real;

    @BeforeAll
    protected void startServers() {
        real = RealRedis.get();
        emulator = RedisEmulator.builder().seed(1).build().start();
    }

    @AfterAll
    protected void stopServers() {
        if (emulator != null) emulator.close();
    }
}

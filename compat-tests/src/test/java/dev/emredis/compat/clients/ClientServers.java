package dev.emredis.compat.clients;

import dev.emredis.testing.RespClient;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base for tests that drive the emulator and a real redis-server through a client library: each
 * workflow runs on both and must observe the same things.
 */
abstract class ClientServers extends dev.emredis.compat.BothServers {

    @BeforeEach
    void flush() {
        emulator.flushAll();
        try (RespClient c = real.connect()) {
            c.call("FLUSHALL");
        }
    }

    /** A Redisson client for one server (a small pool: tests open few connections). */
    static org.redisson.api.RedissonClient redissonClient(String host, int port) {
        org.redisson.config.Config config = new org.redisson.config.Config();
        config.useSingleServer().setAddress("redis://" + host + ":" + port).setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(2);
        return org.redisson.Redisson.create(config);
    }

    /** A workflow run against one server, given its host and port. */
    @FunctionalInterface
    interface Workflow<T> {
        T run(String host, int port) throws Exception;
    }
}

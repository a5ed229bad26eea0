package dev.emredis.junit5;

import dev.emredis.RedisEmulator;
import java.util.Optional;

/** The server one {@link RedisCompatibilityTest} invocation runs against. */
public final class RedisTarget {
    private final String host;
    private final int port;
    private final RedisEmulator emulator;

    RedisTarget(String host, int port, RedisEmulator emulator) {
        this.host = host;
        this.port = port;
        this.emulator = emulator;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code redis://host:port}. */
    public String uri() {
        return "redis://" + host + ":" + port;
    }

    /** True for the emulator invocation, false for the real redis-server. */
    public boolean isEmulator() {
        return emulator != null;
    }

    /** The emulator (for faults, journal, clock), empty on the real server. */
    public Optional<RedisEmulator> emulator() {
        return Optional.ofNullable(emulator);
    }

    @Override
    public String toString() {
        return (isEmulator() ? "emulator " : "redis-server ") + host + ":" + port;
    }
}

package dev.emredis.junit5;

import dev.emredis.RedisEmulator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JUnit 5 extension behind {@link EmbeddedRedis}; also usable programmatically:
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmbeddedRedisExtension redis = EmbeddedRedisExtension.builder().version("7.2.4").build();
 *
 * @Test
 * void works() {
 *     Jedis jedis = new Jedis(redis.emulator().host(), redis.emulator().port());
 * }
 * }</pre>
 *
 * Registered on a static field it serves the whole class; on an instance field, each test gets
 * its own server. Servers live in JUnit's extension store, so parallel classes and methods each
 * have their own and every one is closed when its scope ends.
 */
public class EmbeddedRedisExtension extends ScopedExtension<RedisEmulator, EmbeddedRedis> {
    /** Used by {@link EmbeddedRedis}: settings come from the annotation. */
    public EmbeddedRedisExtension() {
        this(null);
    }

    private EmbeddedRedisExtension(Settings s) {
        super(RedisEmulator.class, EmbeddedRedis.class, "emulator", s);
    }

    /** Settings for a programmatically registered extension. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server of the running test (programmatic use); fails outside a test's scope. */
    public RedisEmulator emulator() {
        return resource();
    }

    private record Settings(int port, String version, boolean keepData, Map<String, String> config)
            implements ScopedExtension.Settings<RedisEmulator> {
        static Settings of(EmbeddedRedis a) {
            return new Settings(a.port(), a.version(), a.keepData(), Map.of());
        }

        @Override
        public RedisEmulator start() {
            RedisEmulator.Builder b = RedisEmulator.builder().port(port);
            if (!version.isEmpty()) b.version(version);
            config.forEach(b::config);
            return b.build().start();
        }
    }

    @Override
    ScopedExtension.Settings<RedisEmulator> settingsOf(EmbeddedRedis a) {
        return Settings.of(a);
    }

    @Override
    RedisEmulator prepare(RedisEmulator emulator, ScopedExtension.Settings<RedisEmulator> settings) {
        if (!settings.keepData()) ServerReset.reset(emulator);
        return emulator;
    }

    @Override
    String failureReport(RedisEmulator emulator) {
        return emulator.isClosed() ? null : FailureReport.of(emulator);
    }

    @Override
    String reportKey() {
        return "emredis";
    }

    /** Options for {@link EmbeddedRedisExtension#builder()}. */
    public static final class Builder {
        private int port;
        private String version = "";
        private boolean keepData;
        private final Map<String, String> config = new LinkedHashMap<>();

        private Builder() { }

        /** TCP port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Version INFO/HELLO report. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** Keep data, faults, journal and clock between tests. */
        public Builder keepData(boolean keepData) {
            this.keepData = keepData;
            return this;
        }

        /** A startup configuration parameter (as on redis-server's command line). */
        public Builder config(String name, String value) {
            config.put(name, value);
            return this;
        }

        public EmbeddedRedisExtension build() {
            return new EmbeddedRedisExtension(new Settings(port, version, keepData, Map.copyOf(config)));
        }
    }
}

package dev.emredis.junit5;

import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JUnit 5 extension behind {@link EmbeddedRedisCluster}; also usable programmatically:
 *
 * <pre>{@code
 * @RegisterExtension
 * static EmbeddedRedisClusterExtension redis = EmbeddedRedisClusterExtension.builder()
 *         .masters(3).replicasPerMaster(1).config("cluster-require-full-coverage", "no").build();
 *
 * @Test
 * void works() {
 *     RedisCluster cluster = redis.cluster();
 *     JedisCluster jedis = new JedisCluster(new HostAndPort("127.0.0.1", cluster.node(0).port()));
 * }
 * }</pre>
 *
 * Registered on a static field it serves the whole class; on an instance field, each test gets
 * its own cluster. Clusters live in JUnit's extension store, so parallel classes and methods each
 * have their own and every one is closed when its scope ends. A test that closes its cluster (or
 * one of its nodes) gets a new one (new ports) before the next test of the scope.
 */
public class EmbeddedRedisClusterExtension extends ScopedExtension<RedisCluster, EmbeddedRedisCluster> {
    /** Used by {@link EmbeddedRedisCluster}: settings come from the annotation. */
    public EmbeddedRedisClusterExtension() {
        this(null);
    }

    private EmbeddedRedisClusterExtension(Settings s) {
        super(RedisCluster.class, EmbeddedRedisCluster.class, "cluster", s);
    }

    /** Settings for a programmatically registered extension. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster of the running test (programmatic use); fails outside a test's scope. */
    public RedisCluster cluster() {
        return resource();
    }

    private record Settings(int masters, int replicasPerMaster, int basePort, String version, boolean keepData,
                            Long seed, Map<String, String> config)
            implements ScopedExtension.Settings<RedisCluster> {
        static Settings of(EmbeddedRedisCluster a) {
            Map<String, String> config = new LinkedHashMap<>();
            for (String entry : a.config()) {
                String e = entry.trim();
                int sp = e.indexOf(' ');
                if (sp < 0) throw new IllegalArgumentException("@EmbeddedRedisCluster config entry must be \"name value\": " + entry);
                config.put(e.substring(0, sp), e.substring(sp + 1).trim());
            }
            return new Settings(a.masters(), a.replicasPerMaster(), a.basePort(), a.version(), a.keepData(), null, Map.copyOf(config));
        }

        @Override
        public RedisCluster start() {
            RedisCluster.Builder b = RedisCluster.builder().masters(masters).replicasPerMaster(replicasPerMaster).basePort(basePort);
            if (!version.isEmpty()) b.version(version);
            if (seed != null) b.seed(seed);
            config.forEach(b::config);
            return b.build().start();
        }
    }

    @Override
    ScopedExtension.Settings<RedisCluster> settingsOf(EmbeddedRedisCluster a) {
        return Settings.of(a);
    }

    @Override
    RedisCluster prepare(RedisCluster cluster, ScopedExtension.Settings<RedisCluster> settings) {
        if (cluster.nodes().stream().anyMatch(RedisEmulator::isClosed)) {
            // the test closed the cluster (or one of its nodes): start a new one
            cluster.close();
            return settings.start();
        }
        if (!settings.keepData()) ClusterReset.reset(cluster);
        return cluster;
    }

    @Override
    String failureReport(RedisCluster cluster) {
        return cluster.nodes().get(0).isClosed() ? null : ClusterFailureReport.of(cluster);
    }

    @Override
    String reportKey() {
        return "emredis-cluster";
    }

    /** Options for {@link EmbeddedRedisClusterExtension#builder()}. */
    public static final class Builder {
        private int masters = 3;
        private int replicasPerMaster;
        private int basePort;
        private String version = "";
        private boolean keepData;
        private Long seed;
        private final Map<String, String> config = new LinkedHashMap<>();

        private Builder() { }

        /** Number of masters (default 3). */
        public Builder masters(int n) {
            this.masters = n;
            return this;
        }

        /** Replicas of each master (default 0). */
        public Builder replicasPerMaster(int n) {
            this.replicasPerMaster = n;
            return this;
        }

        /** Port of node 0, node i on basePort + i; 0 (default) picks free ports. */
        public Builder basePort(int port) {
            this.basePort = port;
            return this;
        }

        /** Version INFO/HELLO report. */
        public Builder version(String version) {
            this.version = version;
            return this;
        }

        /** Seed for node ids and everything random (default: a new one per cluster). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Keep data, topology, faults, journal and clock between tests. */
        public Builder keepData(boolean keepData) {
            this.keepData = keepData;
            return this;
        }

        /** A configuration parameter for every node (as on redis-server's command line). */
        public Builder config(String name, String value) {
            config.put(name, value);
            return this;
        }

        public EmbeddedRedisClusterExtension build() {
            return new EmbeddedRedisClusterExtension(new Settings(masters, replicasPerMaster, basePort, version, keepData, seed,
                    Map.copyOf(config)));
        }
    }
}

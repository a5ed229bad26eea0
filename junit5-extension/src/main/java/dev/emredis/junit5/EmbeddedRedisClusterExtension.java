package dev.emredis.junit5;

import dev.emredis.RedisCluster;
import dev.emredis.RedisEmulator;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

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
public class EmbeddedRedisClusterExtension implements BeforeAllCallback, BeforeEachCallback,
        ParameterResolver, TestInstancePostProcessor, TestExecutionExceptionHandler {
    private static final Namespace NS = Namespace.create(EmbeddedRedisClusterExtension.class);
    private static final String KEY = "cluster";
    /**
     * A test's own cluster is stored under another key: store lookups (getOrComputeIfAbsent
     * included) fall back to the enclosing class's store, where {@link #KEY} would find the
     * class's cluster instead of creating the test's.
     */
    private static final String TEST_KEY = "test-cluster";

    private final Settings programmatic;
    private volatile Holder current;

    /** Used by {@link EmbeddedRedisCluster}: settings come from the annotation. */
    public EmbeddedRedisClusterExtension() {
        this.programmatic = null;
    }

    private EmbeddedRedisClusterExtension(Settings s) {
        this.programmatic = s;
    }

    /** Settings for a programmatically registered extension. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cluster of the running test (programmatic use); fails outside a test's scope. */
    public RedisCluster cluster() {
        Holder h = current;
        if (h == null) throw new IllegalStateException("no cluster: the extension's scope has not started");
        return h.cluster;
    }

    // --- scopes ---

    private record Settings(int masters, int replicasPerMaster, int basePort, String version, boolean keepData,
                            Long seed, Map<String, String> config) {
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

        RedisCluster start() {
            RedisCluster.Builder b = RedisCluster.builder().masters(masters).replicasPerMaster(replicasPerMaster).basePort(basePort);
            if (!version.isEmpty()) b.version(version);
            if (seed != null) b.seed(seed);
            config.forEach(b::config);
            return b.build().start();
        }
    }

    /** A started cluster in a JUnit store: closed by JUnit when its scope (class or test) ends. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final Settings settings;
        volatile RedisCluster cluster;
        volatile ClusterReset.Layout layout;

        Holder(Settings settings) {
            this.settings = settings;
            open();
        }

        private void open() {
            cluster = settings.start();
            layout = new ClusterReset.Layout(cluster);
        }

        /** Before a test: a cluster that is open, reset unless keepData. */
        synchronized void prepare() {
            if (cluster.nodes().stream().anyMatch(RedisEmulator::isClosed)) {
                // the test closed the cluster (or one of its nodes): start a new one
                cluster.close();
                open();
                return;
            }
            if (!settings.keepData()) ClusterReset.reset(cluster, layout);
        }

        @Override
        public void close() {
            cluster.close();
        }
    }

    /** The class's own settings: programmatic ones, or @EmbeddedRedisCluster on the class (not an outer class). */
    private Optional<Settings> classSettings(ExtensionContext ctx) {
        if (programmatic != null) return Optional.of(programmatic);
        return ctx.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, EmbeddedRedisCluster.class)).map(Settings::of);
    }

    private Holder classCluster(ExtensionContext classCtx) {
        Optional<Settings> s = classSettings(classCtx);
        if (s.isEmpty()) return null;
        return classCtx.getStore(NS).getOrComputeIfAbsent(KEY, k -> new Holder(s.get()), Holder.class);
    }

    /** The cluster a context sees: the test's own, else the nearest enclosing class's. */
    private Holder find(ExtensionContext ctx) {
        Holder own = ctx.getStore(NS).get(TEST_KEY, Holder.class);
        return own != null ? own : ctx.getStore(NS).get(KEY, Holder.class);
    }

    private Holder methodCluster(ExtensionContext ctx) {
        Optional<EmbeddedRedisCluster> onMethod = AnnotationSupport.findAnnotation(ctx.getTestMethod(), EmbeddedRedisCluster.class);
        return onMethod.map(a -> testCluster(ctx, Settings.of(a))).orElse(null);
    }

    private static Holder testCluster(ExtensionContext ctx, Settings s) {
        return ctx.getStore(NS).getOrComputeIfAbsent(TEST_KEY, k -> new Holder(s), Holder.class);
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        // a @Nested class sees the enclosing class's cluster unless it carries its own annotation
        Holder visible = find(ctx);
        boolean own = programmatic == null && ctx.getTestClass().map(c -> c.isAnnotationPresent(EmbeddedRedisCluster.class)).orElse(false);
        Holder h = visible != null && !own ? visible : classCluster(ctx);
        if (h == null) return;
        current = h;
        injectFields(null, ctx.getRequiredTestClass(), h.cluster, true);
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext ctx) throws Exception {
        Holder h = find(ctx);
        if (h == null && ctx.getTestClass().isPresent() && ctx.getTestMethod().isEmpty()) h = classCluster(ctx);
        if (h != null) injectFields(instance, instance.getClass(), h.cluster, false);
    }

    @Override
    public void beforeEach(ExtensionContext ctx) throws Exception {
        Holder h = methodCluster(ctx);
        if (h == null) {
            h = find(ctx);
            if (h == null && programmatic != null) {
                // registered on an instance field: a cluster per test
                h = testCluster(ctx, programmatic);
            }
        }
        if (h == null) return;
        current = h;
        h.prepare();
        injectFields(null, ctx.getRequiredTestClass(), h.cluster, true);
        for (Object instance : ctx.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance, instance.getClass(), h.cluster, false);
        }
    }

    private static void injectFields(Object instance, Class<?> type, RedisCluster cluster, boolean statics) throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != RedisCluster.class || Modifier.isFinal(f.getModifiers())) continue;
                if (Modifier.isStatic(f.getModifiers()) != statics) continue;
                f.setAccessible(true);
                f.set(statics ? null : instance, cluster);
            }
        }
    }

    // --- injection into parameters ---

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ctx) {
        return pc.getParameter().getType() == RedisCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ctx) {
        Holder h = ctx.getTestMethod().isPresent() ? methodCluster(ctx) : null;
        if (h == null) h = find(ctx);
        if (h == null) h = classCluster(ctx);
        if (h == null) {
            throw new ParameterResolutionException("no cluster in scope: annotate the class or method with @EmbeddedRedisCluster");
        }
        return h.cluster;
    }

    // --- failure report ---

    @Override
    public void handleTestExecutionException(ExtensionContext ctx, Throwable t) throws Throwable {
        Holder h = find(ctx);
        if (h != null && !h.cluster.nodes().get(0).isClosed()) {
            String report = ClusterFailureReport.of(h.cluster);
            ctx.publishReportEntry("emredis-cluster", report);
            t.addSuppressed(new FailureReport.Details(report));
        }
        throw t;
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

package dev.emredis.junit5;

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
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;
import org.junit.platform.commons.support.AnnotationSupport;

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
public class EmbeddedRedisExtension implements BeforeAllCallback, BeforeEachCallback,
        ParameterResolver, TestInstancePostProcessor, TestExecutionExceptionHandler {
    private static final Namespace NS = Namespace.create(EmbeddedRedisExtension.class);
    private static final String KEY = "server";
    /**
     * A test's own server is stored under another key: store lookups (getOrComputeIfAbsent
     * included) fall back to the enclosing class's store, where {@link #KEY} would find the
     * class's server instead of creating the test's.
     */
    private static final String TEST_KEY = "test-server";

    private final Settings programmatic;
    private volatile Holder current;

    /** Used by {@link EmbeddedRedis}: settings come from the annotation. */
    public EmbeddedRedisExtension() {
        this.programmatic = null;
    }

    private EmbeddedRedisExtension(Settings s) {
        this.programmatic = s;
    }

    /** Settings for a programmatically registered extension. */
    public static Builder builder() {
        return new Builder();
    }

    /** The server of the running test (programmatic use); fails outside a test's scope. */
    public RedisEmulator emulator() {
        Holder h = current;
        if (h == null) throw new IllegalStateException("no emulator: the extension's scope has not started");
        return h.emulator;
    }

    // --- scopes ---

    private record Settings(int port, String version, boolean keepData, Map<String, String> config) {
        static Settings of(EmbeddedRedis a) {
            return new Settings(a.port(), a.version(), a.keepData(), Map.of());
        }

        RedisEmulator start() {
            RedisEmulator.Builder b = RedisEmulator.builder().port(port);
            if (!version.isEmpty()) b.version(version);
            config.forEach(b::config);
            return b.build().start();
        }
    }

    /** A started server in a JUnit store: closed by JUnit when its scope (class or test) ends. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        final RedisEmulator emulator;
        final Settings settings;

        Holder(Settings settings) {
            this.settings = settings;
            this.emulator = settings.start();
        }

        @Override
        public void close() {
            emulator.close();
        }
    }

    /** The class's own settings: programmatic ones, or @EmbeddedRedis on the class (not an outer class). */
    private Optional<Settings> classSettings(ExtensionContext ctx) {
        if (programmatic != null) return Optional.of(programmatic);
        return ctx.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, EmbeddedRedis.class)).map(Settings::of);
    }

    private Holder classServer(ExtensionContext classCtx) {
        Optional<Settings> s = classSettings(classCtx);
        if (s.isEmpty()) return null;
        return classCtx.getStore(NS).getOrComputeIfAbsent(KEY, k -> new Holder(s.get()), Holder.class);
    }

    /** The server a context sees: the test's own, else the nearest enclosing class's. */
    private Holder find(ExtensionContext ctx) {
        Holder own = ctx.getStore(NS).get(TEST_KEY, Holder.class);
        return own != null ? own : ctx.getStore(NS).get(KEY, Holder.class);
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        // a @Nested class sees the enclosing class's server unless it carries its own annotation
        Holder visible = find(ctx);
        boolean own = programmatic == null && ctx.getTestClass().map(c -> c.isAnnotationPresent(EmbeddedRedis.class)).orElse(false);
        Holder h = visible != null && !own ? visible : classServer(ctx);
        if (h == null) return;
        current = h;
        injectFields(null, ctx.getRequiredTestClass(), h.emulator, true);
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext ctx) throws Exception {
        Holder h = find(ctx);
        if (h == null && ctx.getTestClass().isPresent() && ctx.getTestMethod().isEmpty()) h = classServer(ctx);
        if (h != null) injectFields(instance, instance.getClass(), h.emulator, false);
    }

    @Override
    public void beforeEach(ExtensionContext ctx) throws Exception {
        Holder h;
        Optional<EmbeddedRedis> onMethod = AnnotationSupport.findAnnotation(ctx.getTestMethod(), EmbeddedRedis.class);
        if (onMethod.isPresent()) {
            h = ctx.getStore(NS).getOrComputeIfAbsent(TEST_KEY, k -> new Holder(Settings.of(onMethod.get())), Holder.class);
        } else {
            h = find(ctx);
            if (h == null && programmatic != null) {
                // registered on an instance field: a server per test
                h = ctx.getStore(NS).getOrComputeIfAbsent(TEST_KEY, k -> new Holder(programmatic), Holder.class);
            }
        }
        if (h == null) return;
        current = h;
        if (!h.settings.keepData()) ServerReset.reset(h.emulator);
        for (Object instance : ctx.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance, instance.getClass(), h.emulator, false);
        }
    }

    private static void injectFields(Object instance, Class<?> type, RedisEmulator emulator, boolean statics) throws IllegalAccessException {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != RedisEmulator.class || Modifier.isFinal(f.getModifiers())) continue;
                if (Modifier.isStatic(f.getModifiers()) != statics) continue;
                f.setAccessible(true);
                f.set(statics ? null : instance, emulator);
            }
        }
    }

    // --- injection into parameters ---

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ctx) {
        return pc.getParameter().getType() == RedisEmulator.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ctx) {
        Holder h = null;
        if (ctx.getTestMethod().isPresent()) {
            Optional<EmbeddedRedis> onMethod = AnnotationSupport.findAnnotation(ctx.getTestMethod(), EmbeddedRedis.class);
            if (onMethod.isPresent()) {
                h = ctx.getStore(NS).getOrComputeIfAbsent(TEST_KEY, k -> new Holder(Settings.of(onMethod.get())), Holder.class);
            }
        }
        if (h == null) h = find(ctx);
        if (h == null) h = classServer(ctx);
        if (h == null) {
            throw new org.junit.jupiter.api.extension.ParameterResolutionException(
                    "no emulator in scope: annotate the class or method with @EmbeddedRedis");
        }
        return h.emulator;
    }

    // --- failure report ---

    @Override
    public void handleTestExecutionException(ExtensionContext ctx, Throwable t) throws Throwable {
        Holder h = find(ctx);
        if (h != null && !h.emulator.isClosed()) {
            String report = FailureReport.of(h.emulator);
            ctx.publishReportEntry("emredis", report);
            t.addSuppressed(new FailureReport.Details(report));
        }
        throw t;
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

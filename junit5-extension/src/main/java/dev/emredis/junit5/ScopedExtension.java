package dev.emredis.junit5;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
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
 * What {@link EmbeddedRedisExtension} and {@link EmbeddedRedisClusterExtension} share: a resource
 * (a server or a cluster) per scope, kept in JUnit's extension store so parallel classes and
 * methods each have their own and JUnit closes each when its scope ends; the annotation on a class
 * (seen by its @Nested classes) or on a method (that test's own), or programmatic settings
 * (static field: the class; instance field: each test); injection into fields, constructor and
 * method parameters; a reset before each test; a report added to a failing test.
 *
 * @param <T> the resource
 * @param <A> the annotation that asks for one
 */
abstract class ScopedExtension<T extends AutoCloseable, A extends Annotation> implements BeforeAllCallback,
        BeforeEachCallback, ParameterResolver, TestInstancePostProcessor, TestExecutionExceptionHandler {

    /** How a scope's resource is made. */
    interface Settings<T> {
        T start();

        boolean keepData();
    }

    private final Namespace ns;
    private final Class<T> type;
    private final Class<A> annotation;
    private final String noun;
    private final Settings<T> programmatic;
    private volatile Holder<T> current;

    /**
     * Store keys. Store lookups, getOrComputeIfAbsent included, fall back to the enclosing
     * contexts' stores, so each scope has a key of its own: a test's resource under
     * {@link #testKey} and a class's under its class name ({@link #classKey}); otherwise a method
     * or a @Nested class with its own annotation would find the enclosing class's instead of
     * creating one.
     */
    private final String testKey;

    ScopedExtension(Class<T> type, Class<A> annotation, String noun, Settings<T> programmatic) {
        this.ns = Namespace.create(getClass());
        this.type = type;
        this.annotation = annotation;
        this.noun = noun;
        this.programmatic = programmatic;
        this.testKey = "test-" + noun;
    }

    private String classKey(Class<?> c) {
        return noun + ":" + c.getName();
    }

    /** The settings an annotation gives. */
    abstract Settings<T> settingsOf(A a);

    /** Before a test: the resource to use (cleaned unless keepData, or a new one). */
    abstract T prepare(T resource, Settings<T> settings);

    /** A report of the resource's state for a failing test, or null when there is nothing to report. */
    abstract String failureReport(T resource);

    /** The name of the report entry a failing test gets. */
    abstract String reportKey();

    /** The resource of the running test (programmatic use); fails outside a test's scope. */
    final T resource() {
        Holder<T> h = current;
        if (h == null) throw new IllegalStateException("no " + noun + ": the extension's scope has not started");
        return h.resource;
    }

    /** A started resource in a JUnit store: closed by JUnit when its scope (class or test) ends. */
    private static final class Holder<T extends AutoCloseable> implements ExtensionContext.Store.CloseableResource {
        final Settings<T> settings;
        volatile T resource;

        Holder(Settings<T> settings) {
            this.settings = settings;
            this.resource = settings.start();
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
    }

    // --- scopes ---

    @SuppressWarnings("unchecked")
    private Holder<T> stored(ExtensionContext ctx, String key, Settings<T> s) {
        return ctx.getStore(ns).getOrComputeIfAbsent(key, k -> new Holder<>(s), Holder.class);
    }

    @SuppressWarnings("unchecked")
    private Holder<T> lookup(ExtensionContext ctx, String key) {
        return ctx.getStore(ns).get(key, Holder.class);
    }

    /** The class's own settings: programmatic ones, or the annotation on the class (not an outer class). */
    private Optional<Settings<T>> classSettings(ExtensionContext ctx) {
        if (programmatic != null) return Optional.of(programmatic);
        return ctx.getTestClass().flatMap(c -> AnnotationSupport.findAnnotation(c, annotation)).map(this::settingsOf);
    }

    private Holder<T> classHolder(ExtensionContext classCtx) {
        Optional<Settings<T>> s = classSettings(classCtx);
        return s.map(settings -> stored(classCtx, classKey(classCtx.getRequiredTestClass()), settings)).orElse(null);
    }

    /** The resource a context sees: the test's own, else the nearest enclosing class's. */
    private Holder<T> find(ExtensionContext ctx) {
        Holder<T> own = lookup(ctx, testKey);
        if (own != null) return own;
        for (Optional<ExtensionContext> c = Optional.of(ctx); c.isPresent(); c = c.get().getParent()) {
            Optional<Class<?>> t = c.get().getTestClass();
            if (t.isEmpty()) continue;
            Holder<T> h = lookup(c.get(), classKey(t.get()));
            if (h != null) return h;
        }
        return null;
    }

    /** The test's own resource when its method carries the annotation. */
    private Holder<T> methodHolder(ExtensionContext ctx) {
        return AnnotationSupport.findAnnotation(ctx.getTestMethod(), annotation)
                .map(a -> stored(ctx, testKey, settingsOf(a))).orElse(null);
    }

    @Override
    public void beforeAll(ExtensionContext ctx) throws Exception {
        // a @Nested class sees the enclosing class's resource unless it carries its own annotation
        Holder<T> visible = find(ctx);
        boolean own = programmatic == null && ctx.getTestClass().map(c -> c.isAnnotationPresent(annotation)).orElse(false);
        Holder<T> h = visible != null && !own ? visible : classHolder(ctx);
        if (h == null) return;
        current = h;
        injectFields(null, ctx.getRequiredTestClass(), h.resource, true);
    }

    @Override
    public void postProcessTestInstance(Object instance, ExtensionContext ctx) throws Exception {
        Holder<T> h = find(ctx);
        if (h == null && ctx.getTestClass().isPresent() && ctx.getTestMethod().isEmpty()) h = classHolder(ctx);
        if (h != null) injectFields(instance, instance.getClass(), h.resource, false);
    }

    @Override
    public void beforeEach(ExtensionContext ctx) throws Exception {
        Holder<T> h = methodHolder(ctx);
        if (h == null) {
            h = find(ctx);
            // registered on an instance field: one per test
            if (h == null && programmatic != null) h = stored(ctx, testKey, programmatic);
        }
        if (h == null) return;
        current = h;
        T before;
        synchronized (h) {
            before = h.resource;
            h.resource = prepare(before, h.settings);
        }
        // a replaced resource (the test closed the old one) reaches the static fields too
        if (h.resource != before) injectFields(null, ctx.getRequiredTestClass(), h.resource, true);
        for (Object instance : ctx.getRequiredTestInstances().getAllInstances()) {
            injectFields(instance, instance.getClass(), h.resource, false);
        }
    }

    private void injectFields(Object instance, Class<?> from, T resource, boolean statics) throws IllegalAccessException {
        for (Class<?> c = from; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getType() != type || Modifier.isFinal(f.getModifiers())) continue;
                if (Modifier.isStatic(f.getModifiers()) != statics) continue;
                f.setAccessible(true);
                f.set(statics ? null : instance, resource);
            }
        }
    }

    // --- injection into parameters ---

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ctx) {
        return pc.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ctx) {
        Holder<T> h = ctx.getTestMethod().isPresent() ? methodHolder(ctx) : null;
        if (h == null) h = find(ctx);
        if (h == null) h = classHolder(ctx);
        if (h == null) {
            throw new ParameterResolutionException("no " + noun + " in scope: annotate the class or method with @"
                    + annotation.getSimpleName());
        }
        return h.resource;
    }

    // --- failure report ---

    @Override
    public void handleTestExecutionException(ExtensionContext ctx, Throwable t) throws Throwable {
        Holder<T> h = find(ctx);
        String report = h == null ? null : failureReport(h.resource);
        if (report != null) {
            ctx.publishReportEntry(reportKey(), report);
            t.addSuppressed(new FailureReport.Details(report));
        }
        throw t;
    }
}

package dev.emredis.js;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * Rhino set up as the sandbox RedisGears' V8 is: ES2015+ language level, interpreted (so the
 * instruction observer runs), a ClassShutter that refuses every Java class, no LiveConnect
 * globals, and a fresh global scope per library holding only the standard globals V8 keeps.
 * A time budget per locked section ({@code lock-redis-timeout}) aborts runaway code with an
 * {@link Timeout} (a java.lang.Error, which JS {@code catch} cannot intercept).
 */
final class JsEngine {
    /** Thrown by the instruction observer when a locked section runs past its budget. */
    static class Timeout extends Error {
        Timeout() {
            super("timeout", null, false, false);
        }
    }

    /** Thrown by the instruction observer when a library's estimated heap is over its limit (JsMemory). */
    static final class OutOfMemory extends Timeout { }

    /** The globals V8 leaves to a RedisGears library (§2.3); Rhino's extras are removed. */
    private static final Set<String> ALLOWED_GLOBALS = Set.of(
            "Object", "Function", "Array", "Number", "parseFloat", "parseInt", "Infinity", "NaN", "undefined",
            "Boolean", "String", "Symbol", "Date", "Promise", "RegExp", "Error", "AggregateError", "RangeError",
            "ReferenceError", "SyntaxError", "TypeError", "URIError", "globalThis", "JSON", "Math", "Intl",
            "ArrayBuffer", "Uint8Array", "Int8Array", "Uint16Array", "Int16Array", "Uint32Array", "Int32Array",
            "Float32Array", "Float64Array", "Uint8ClampedArray", "BigUint64Array", "BigInt64Array", "DataView", "Map",
            "BigInt", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect", "FinalizationRegistry", "WeakRef", "decodeURI",
            "decodeURIComponent", "encodeURI", "encodeURIComponent", "escape", "unescape", "isFinite", "isNaN",
            "console");

    private static final String PRELUDE = resource("prelude.js");

    static final ContextFactory FACTORY = new ContextFactory() {
        @Override
        protected Context makeContext() {
            Context cx = super.makeContext();
            cx.setLanguageVersion(Context.VERSION_ECMASCRIPT);
            cx.setInterpretedMode(true);
            cx.setInstructionObserverThreshold(10_000);
            cx.setClassShutter(fullClassName -> false);
            cx.setMaximumInterpreterStackDepth(10_000);
            cx.setGeneratingDebug(true);
            return cx;
        }

        @Override
        protected void observeInstructionCount(Context cx, int instructionCount) {
            Object deadline = cx.getThreadLocal(DEADLINE);
            if (deadline != null && System.nanoTime() - (Long) deadline > 0) throw new Timeout();
            // a closed server stops the JS still running on its threads (a coroutine spinning
            // without the Redis lock has no timeout, and would otherwise keep its pool thread)
            Object gears = cx.getThreadLocal(SERVER);
            if (gears != null && ((Gears) gears).stopping) throw new Stopped();
            Object watch = cx.getThreadLocal(MEMORY);
            if (watch != null) JsMemory.check(cx, (JsMemory.Watch) watch);
        }
    };

    /** Thrown by the instruction observer once the server closed. */
    static final class Stopped extends Error {
        Stopped() {
            super("server stopped", null, false, false);
        }
    }

    private static final Object DEADLINE = new Object();
    static final Object SERVER = new Object();
    static final Object MEMORY = new Object();

    /** Runs body with the memory watch of a library (restoring the enclosing one after). */
    static <T> T withMemoryWatch(Context cx, JsMemory.Watch watch, java.util.function.Supplier<T> body) {
        Object previous = cx.getThreadLocal(MEMORY);
        if (watch != null) cx.putThreadLocal(MEMORY, watch);
        else cx.removeThreadLocal(MEMORY);
        try {
            return body.get();
        } finally {
            if (previous != null) cx.putThreadLocal(MEMORY, previous);
            else cx.removeThreadLocal(MEMORY);
        }
    }

    private JsEngine() {}

    static Context enter() {
        return FACTORY.enterContext();
    }

    /**
     * Runs with a deadline for the current thread's JS ({@code millis} &lt;= 0: none), restoring
     * the previous one after (block() sections nest inside no-deadline background code).
     */
    static <T> T withDeadline(Context cx, long millis, java.util.function.Supplier<T> body) {
        Object previous = cx.getThreadLocal(DEADLINE);
        if (millis > 0) cx.putThreadLocal(DEADLINE, System.nanoTime() + millis * 1_000_000L);
        else cx.removeThreadLocal(DEADLINE);
        try {
            return body.get();
        } finally {
            if (previous != null) cx.putThreadLocal(DEADLINE, previous);
            else cx.removeThreadLocal(DEADLINE);
        }
    }

    /** A fresh library scope: the allowed standard globals, then the prelude; returns the runtime API. */
    static Scriptable newScope(Context cx, Object host, Scriptable[] apiOut) {
        ScriptableObject scope = cx.initSafeStandardObjects(null, false);
        for (Object id : scope.getIds()) remove(scope, id);
        for (Object id : scope.getAllIds()) remove(scope, id);
        // a console that prints nothing, as V8's builtin without an inspector
        Scriptable console = cx.newObject(scope);
        for (String m : new String[] {"log", "info", "warn", "error", "debug", "trace"}) {
            ScriptableObject.putProperty(console, m, new org.mozilla.javascript.LambdaFunction(scope, m, 0,
                    (c, s, t, a) -> Context.getUndefinedValue()));
        }
        scope.defineProperty("console", console, ScriptableObject.DONTENUM);
        Function prelude = (Function) cx.evaluateString(scope, PRELUDE, "prelude", 1, null);
        apiOut[0] = (Scriptable) prelude.call(cx, scope, scope, new Object[] {scope, host});
        return scope;
    }

    private static void remove(ScriptableObject scope, Object id) {
        if (!(id instanceof String)) return;
        String name = (String) id;
        if (ALLOWED_GLOBALS.contains(name)) return;
        try {
            scope.setAttributes(name, 0);
        } catch (RuntimeException ignored) {
            // not an own property any more
        }
        scope.delete(name);
    }

    private static String resource(String name) {
        try (InputStream in = JsEngine.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

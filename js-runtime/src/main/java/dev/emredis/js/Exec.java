package dev.emredis.js;

import dev.emredis.internal.server.Client;
import java.util.function.Consumer;
import java.util.function.Function;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * Where library JS runs. {@link #locked}: on the event loop, holding the Redis lock (atomic, with
 * the lock-redis-timeout budget). {@link #background}: a job on the library queue, on the pool,
 * without the Redis lock and without a time limit. Both hold the library's JS lock and drain the
 * microtask queue before leaving.
 */
final class Exec {
    static final int PENDING = 0;
    static final int FULFILLED = 1;
    static final int REJECTED = 2;

    private Exec() {}

    /** Runs on the event loop holding the Redis lock; the body gets the entered Context. */
    static <T> T locked(Gears gears, Library lib, Function<Context, T> body) {
        acquire(gears, lib);
        Context cx = JsEngine.enter();
        cx.putThreadLocal(JsEngine.SERVER, gears);
        gears.lockedSections++;
        int verbosity = Convert.VERBOSITY.get();
        Convert.VERBOSITY.set(gears.errorVerbosity());
        try {
            return JsEngine.withMemoryWatch(cx, JsMemory.watch(gears, lib, true), () -> JsEngine.withDeadline(cx, gears.lockTimeoutMillis(), () -> {
                T r = body.apply(cx);
                drain(cx, lib);
                return r;
            }));
        } finally {
            Convert.VERBOSITY.set(verbosity);
            gears.lockedSections--;
            Context.exit();
            lib.jsLock.unlock();
        }
    }

    /**
     * Takes the library's JS lock on the event loop. A background job of the library may hold it
     * (pure JS between block() calls); waiting longer than lock-redis-timeout ends the invocation
     * as a timeout instead of hanging the server.
     */
    private static void acquire(Gears gears, Library lib) {
        long timeout = gears.lockTimeoutMillis();
        if (timeout <= 0) {
            lib.jsLock.lock();
            return;
        }
        try {
            if (!lib.jsLock.tryLock(timeout, java.util.concurrent.TimeUnit.MILLISECONDS)) throw new JsEngine.Timeout();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JsEngine.Timeout();
        }
    }

    /** Queues a job on the library's queue: runs on the pool with the JS lock, no Redis lock. */
    static void background(Library lib, Consumer<Context> body) {
        lib.jobs.add(() -> {
            // A deleted or replaced library's queued work still runs; its block() calls fail with
            // "Function were unregistered", so blocked callers get an error instead of hanging.
            lib.jsLock.lock();
            Context cx = JsEngine.enter();
            cx.putThreadLocal(JsEngine.SERVER, lib.jobs.gears);
            Convert.VERBOSITY.set(lib.jobs.gears.errorVerbosity());
            try {
                JsEngine.withMemoryWatch(cx, JsMemory.watch(lib.jobs.gears, lib, false), () -> JsEngine.withDeadline(cx, 0, () -> {
                    try {
                        body.accept(cx);
                    } finally {
                        drain(cx, lib);
                    }
                    return null;
                }));
            } finally {
                Context.exit();
                lib.jsLock.unlock();
            }
        });
    }

    /** Runs the engine's microtasks (promise reactions, coroutine steps) until none is left. */
    static void drain(Context cx, Library lib) {
        Convert.call(cx, lib, "drain");
    }

    static boolean isPromise(Context cx, Library lib, Object v) {
        return v instanceof Scriptable && Boolean.TRUE.equals(Convert.call(cx, lib, "isPromise", v));
    }

    static int state(Context cx, Library lib, Object promise) {
        return ((Number) Convert.call(cx, lib, "state", promise)).intValue();
    }

    static Object value(Context cx, Library lib, Object promise) {
        return Convert.call(cx, lib, "value", promise);
    }

    static boolean isAsync(Context cx, Library lib, Object fn) {
        return Boolean.TRUE.equals(Convert.call(cx, lib, "isAsync", fn));
    }

    /**
     * Calls {@code onSettled} with the reply tree of the promise once it settles (from a microtask,
     * on whatever thread drains it).
     */
    static void whenSettled(Context cx, Library lib, Object promise, Consumer<Object> onSettled) {
        Scriptable scope = lib.scope;
        LambdaFunction ok = new LambdaFunction(scope, "resolved", 1, (c, s, t, args) -> {
            onSettled.accept(Convert.fromJs(c, lib, args.length > 0 ? args[0] : Context.getUndefinedValue()));
            return Context.getUndefinedValue();
        });
        LambdaFunction err = new LambdaFunction(scope, "rejected", 1, (c, s, t, args) -> {
            onSettled.accept(new ReplyCapture.Err(Convert.valueText(args.length > 0 ? args[0] : Context.getUndefinedValue())));
            return Context.getUndefinedValue();
        });
        Convert.call(cx, lib, "then", promise, ok, err);
    }

    /** Writes a late reply to a blocked client and lets it go on with what it pipelined. */
    static void replyLater(Gears gears, Client caller, Object tree) {
        gears.loop().execute(() -> {
            if (!caller.closed && gears.server.blocked.isBlocked(caller)) {
                Convert.write(caller.out, tree);
                gears.server.outputPending(caller);
            }
            gears.server.blocked.unblock(caller);
        });
    }

    /** A JS value for a key/arg: a string, or an ArrayBuffer with RAW_ARGUMENTS. */
    static Object[] callbackArgs(Context cx, Library lib, Object first, Object[] decoded, byte[][] raw) {
        int n = raw.length;
        Object[] out = new Object[n + 1];
        out[0] = first;
        for (int i = 0; i < n; i++) out[i + 1] = decoded != null ? decoded[i] : Convert.arrayBuffer(cx, lib, raw[i]);
        return out;
    }

    static void put(Scriptable o, String name, Object v) {
        ScriptableObject.putProperty(o, name, v);
    }
}

package dev.emredis.js;

import dev.emredis.internal.command.Errors;
import java.util.function.Function;
import org.mozilla.javascript.SerializableCallable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The client objects of §5.4. A sync client (function bodies, block() callbacks, sync triggers)
 * issues commands while its section holds the Redis lock; an async client (coroutines,
 * executeAsync bodies, async triggers) has only block() to get at the keyspace.
 */
final class Clients {
    private Clients() {}

    private static void method(Context cx, Scriptable scope, Scriptable o, String name, int arity, SerializableCallable body) {
        ScriptableObject.putProperty(o, name, new LambdaFunction(scope, name, arity, body));
    }

    static Scriptable sync(Context cx, Invocation inv) {
        Library lib = inv.lib;
        Scriptable scope = lib.scope;
        Scriptable o = cx.newObject(scope);
        method(cx, scope, o, "call", 1, (c, s, t, args) -> call(c, inv, args, false));
        method(cx, scope, o, "callRaw", 1, (c, s, t, args) -> call(c, inv, args, true));
        method(cx, scope, o, "callAsync", 1, (c, s, t, args) -> callAsync(c, inv, args, false));
        method(cx, scope, o, "callAsyncRaw", 1, (c, s, t, args) -> callAsync(c, inv, args, true));
        method(cx, scope, o, "isBlockAllowed", 0, (c, s, t, args) -> {
            if (!inv.valid) throw Convert.jsError(JsTexts.INVALID_CLIENT);
            return inv.blockAllowed;
        });
        method(cx, scope, o, "executeAsync", 1, (c, s, t, args) -> executeAsync(c, inv, args));
        ScriptableObject.putProperty(o, "redisai", redisAi(cx, scope));
        return o;
    }

    static Scriptable async(Context cx, Invocation inv) {
        Scriptable scope = inv.lib.scope;
        Scriptable o = cx.newObject(scope);
        method(cx, scope, o, "block", 1, (c, s, t, args) -> block(c, inv, args.length > 0 ? args[0] : null));
        method(cx, scope, o, "runOnKey", 2, (c, s, t, args) -> ClusterFunctions.runOnKey(c, inv, args));
        method(cx, scope, o, "runOnShards", 1, (c, s, t, args) -> ClusterFunctions.runOnShards(c, inv, args));
        return o;
    }

    static Scriptable redisAi(Context cx, Scriptable scope) {
        Scriptable ai = cx.newObject(scope);
        for (String m : new String[] {"createTensor", "createModelRunner", "createScriptRunner", "getModel", "getScript"}) {
            method(cx, scope, ai, m, 0, (c, s, t, args) -> {
                throw Convert.jsError(JsTexts.REDISAI);
            });
        }
        return ai;
    }

    /** The command name and arguments of a call*, converted as RedisGears does (§6.2). */
    private static byte[][] argv(Object[] args) {
        if (args.length == 0) throw Convert.jsError(JsTexts.MISSING_0);
        Object name = args[0];
        boolean stringLike = name instanceof CharSequence
                || (name instanceof ScriptableObject && "String".equals(((ScriptableObject) name).getClassName()));
        if (!stringLike) throw Convert.jsError(JsTexts.NOT_STRING_0);
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = Convert.argBytes(args[i]);
        return argv;
    }

    private static void checkUsable(Invocation inv) {
        Gears g = inv.gears;
        if (!g.onLoopThread() || g.lockedSections == 0) throw Convert.jsError(JsTexts.NOT_LOCKED);
        if (!inv.valid) throw Convert.jsError(JsTexts.INVALID_CLIENT);
    }

    private static Object call(Context cx, Invocation inv, Object[] args, boolean raw) {
        byte[][] argv = argv(args);
        checkUsable(inv);
        ReplyCapture cap = new ReplyCapture();
        String refused = inv.gears.runCommand(inv, argv, cap);
        if (refused != null) throw Convert.jsError(refused);
        return Convert.toJs(cx, inv.lib, cap.result(), raw);
    }

    /**
     * callAsync: the command runs now (blocking commands may wait for their keys), its reply
     * settles the returned promise later, through the library's job queue.
     */
    private static Object callAsync(Context cx, Invocation inv, Object[] args, boolean raw) {
        byte[][] argv = argv(args);
        checkUsable(inv);
        Library lib = inv.lib;
        Scriptable promise = (Scriptable) Convert.call(cx, lib, "newPromise");
        inv.gears.asyncCalls.run(inv, argv, reply -> Exec.background(lib, c -> {
            try {
                Convert.call(c, lib, "resolve", promise, Convert.toJs(c, lib, reply, raw));
            } catch (RuntimeException e) {
                Object reason = e instanceof org.mozilla.javascript.JavaScriptException
                        ? ((org.mozilla.javascript.JavaScriptException) e).getValue() : Convert.errorText(e);
                Convert.call(c, lib, "reject", promise, reason);
            }
        }));
        return promise;
    }

    private static Object executeAsync(Context cx, Invocation inv, Object[] args) {
        if (!inv.valid) throw Convert.jsError(JsTexts.EXECUTE_ASYNC_OUT_OF_CONTEXT);
        Object fn = args.length > 0 ? args[0] : null;
        Library lib = inv.lib;
        if (!(fn instanceof org.mozilla.javascript.Function) || !Exec.isAsync(cx, lib, fn)) {
            throw Convert.jsError(JsTexts.EXECUTE_ASYNC_NOT_ASYNC);
        }
        Scriptable promise = (Scriptable) Convert.call(cx, lib, "newPromise");
        Invocation bg = inv.section(false);
        Exec.background(lib, c -> {
            try {
                Object r = ((org.mozilla.javascript.Function) fn).call(c, lib.scope, lib.scope, new Object[] {async(c, bg)});
                Convert.call(c, lib, "resolve", promise, r);
            } catch (org.mozilla.javascript.JavaScriptException e) {
                Convert.call(c, lib, "reject", promise, e.getValue());
            } catch (RuntimeException e) {
                Convert.call(c, lib, "reject", promise, Convert.errorText(e));
            }
        });
        return promise;
    }

    /**
     * async_client.block(fn): gives up the library's JS lock, waits for the event loop (the Redis
     * lock), runs fn(syncClient) there atomically, and returns fn's result unchanged.
     */
    static Object block(Context cx, Invocation inv, Object fn) {
        if (!(fn instanceof org.mozilla.javascript.Function)) throw Convert.jsError(JsTexts.BLOCK_NOT_FUNCTION);
        Gears g = inv.gears;
        if (g.onLoopThread() && g.lockedSections > 0) throw Convert.jsError(JsTexts.ALREADY_BLOCKED);
        Library lib = inv.lib;
        if (!lib.alive || g.loop() == null || !g.loop().running()) throw Convert.jsError(JsTexts.UNREGISTERED);
        int holds = lib.jsLock.getHoldCount();
        for (int i = 0; i < holds; i++) lib.jsLock.unlock();
        try {
            return g.loop().call(() -> lockedSection(g, inv, (org.mozilla.javascript.Function) fn));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof JsEngine.Timeout) throw Convert.jsError(Errors.TF_TIMEOUT);
            throw e;
        } finally {
            for (int i = 0; i < holds; i++) lib.jsLock.lock();
        }
    }

    private static Object lockedSection(Gears g, Invocation inv, org.mozilla.javascript.Function fn) {
        if (g.server.replication.isReplica() && !inv.noWrites()) throw Convert.jsError(JsTexts.LOCK_ON_REPLICA);
        if (g.oomNow() && !inv.noWrites() && !inv.allowOom()) throw Convert.jsError(JsTexts.LOCK_OOM);
        if (!inv.lib.alive) throw Convert.jsError(JsTexts.UNREGISTERED);
        Invocation section = inv.section(true);
        Function<Context, Object> body = c -> {
            try {
                return fn.call(c, inv.lib.scope, inv.lib.scope, new Object[] {sync(c, section)});
            } finally {
                section.valid = false;
            }
        };
        try {
            return Exec.locked(g, inv.lib, body);
        } finally {
            g.server.blocked.handleReadyKeys();
            g.triggers.afterSection();
        }
    }
}

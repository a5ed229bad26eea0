package dev.emredis.js;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Undefined;

/**
 * registerClusterFunction and the async client's runOnKey/runOnShards on a single node (§10):
 * the function runs locally on the library queue; values cross as JSON (ArrayBuffers as bytes).
 */
final class ClusterFunctions {
    private ClusterFunctions() {}

    static Object register(Context cx, Library lib, Object[] a) {
        RedisApi.requireLoading(lib);
        String name = RedisApi.name(a);
        if (a.length < 2) throw Convert.jsError(JsTexts.MISSING_1);
        if (!(a[1] instanceof Function)) throw Convert.jsError(JsTexts.CF_NOT_FUNCTION);
        if (!Exec.isAsync(cx, lib, a[1])) throw Convert.jsError(JsTexts.CF_NOT_ASYNC);
        String bad = Names.check("cluster function", name);
        if (bad != null) throw Convert.jsError(bad);
        if (lib.clusterFunctions.containsKey(name)) throw Convert.jsError(JsTexts.clusterFunctionExists(name));
        lib.clusterFunctions.put(name, (Function) a[1]);
        return Undefined.instance;
    }

    static Object runOnKey(Context cx, Invocation inv, Object[] a) {
        if (a.length < 2) throw Convert.jsError(JsTexts.MISSING_1);
        return run(cx, inv, a[1], a, 2, false);
    }

    static Object runOnShards(Context cx, Invocation inv, Object[] a) {
        if (a.length < 1) throw Convert.jsError(JsTexts.MISSING_0);
        return run(cx, inv, a[0], a, 1, true);
    }

    /** Runs the named cluster function locally as a job; the promise gets its (JSON-copied) result. */
    private static Object run(Context cx, Invocation inv, Object nameArg, Object[] a, int from, boolean shards) {
        Library lib = inv.lib;
        String name = Context.toString(nameArg);
        Object[] args = new Object[a.length - from];
        for (int i = from; i < a.length; i++) args[i - from] = copy(cx, lib, a[i], "Failed serializing arguments", true);
        org.mozilla.javascript.Scriptable promise = (org.mozilla.javascript.Scriptable) Convert.call(cx, lib, "newPromise");
        Invocation remote = new Invocation(inv.gears, lib, JsFunction.NO_WRITES, 0, inv.user, false, false);
        Exec.background(lib, c -> {
            Function f = lib.clusterFunctions.get(name);
            Object outcome;
            boolean ok;
            if (f == null) {
                outcome = "Remote function " + name + " does not exists on library " + lib.name;
                ok = false;
            } else {
                Object[] callArgs = new Object[args.length + 1];
                callArgs[0] = Clients.async(c, remote);
                System.arraycopy(args, 0, callArgs, 1, args.length);
                Object r = f.call(c, lib.scope, lib.scope, callArgs);
                Object[] settled = new Object[2];
                Exec.drain(c, lib);
                Convert.call(c, lib, "then", r,
                        new org.mozilla.javascript.LambdaFunction(lib.scope, "ok", 1, (c2, s, t, x) -> {
                            settle(c2, lib, promise, true, x.length > 0 ? x[0] : Undefined.instance, shards);
                            return Undefined.instance;
                        }),
                        new org.mozilla.javascript.LambdaFunction(lib.scope, "err", 1, (c2, s, t, x) -> {
                            settle(c2, lib, promise, false, Convert.valueText(x.length > 0 ? x[0] : Undefined.instance), shards);
                            return Undefined.instance;
                        }));
                return;
            }
            settle(c, lib, promise, ok, outcome, shards);
        });
        return promise;
    }

    private static void settle(Context cx, Library lib, Object promise, boolean ok, Object value, boolean shards) {
        Object v = value;
        if (ok) {
            try {
                v = copy(cx, lib, value, "Failed deserializing remote function result", false);
            } catch (org.mozilla.javascript.JavaScriptException e) {
                ok = false;
                v = Convert.valueText(e.getValue());
            }
        }
        if (shards) {
            Object results = ok ? cx.newArray(lib.scope, new Object[] {v}) : cx.newArray(lib.scope, 0);
            Object errors = ok ? cx.newArray(lib.scope, 0) : cx.newArray(lib.scope, new Object[] {v});
            Convert.call(cx, lib, "resolve", promise, cx.newArray(lib.scope, new Object[] {results, errors}));
        } else if (ok) {
            Convert.call(cx, lib, "resolve", promise, v);
        } else {
            Convert.call(cx, lib, "reject", promise, v);
        }
    }

    /** JSON round trip (ArrayBuffers pass as they are). */
    private static Object copy(Context cx, Library lib, Object v, String failure, boolean argument) {
        if (v instanceof org.mozilla.javascript.typedarrays.NativeArrayBuffer) return v;
        Object json;
        try {
            json = org.mozilla.javascript.NativeJSON.stringify(cx, lib.scope, v, null, null);
        } catch (RuntimeException e) {
            throw Convert.jsError(argument ? "Failed serializing arguments" : failure);
        }
        if (!(json instanceof CharSequence)) {
            throw Convert.jsError(argument ? "Failed deserializing remote function argument" : failure);
        }
        try {
            return new org.mozilla.javascript.json.JsonParser(cx, lib.scope).parseValue(json.toString());
        } catch (org.mozilla.javascript.json.JsonParser.ParseException e) {
            throw Convert.jsError(failure);
        }
    }
}

package dev.emredis.js;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mozilla.javascript.SerializableCallable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;
import org.mozilla.javascript.typedarrays.NativeArrayBuffer;

/** The {@code redis} global of a library (§5.1) and its registration functions (§5.2, §8, §9, §10). */
final class RedisApi {
    private RedisApi() {}

    static void install(Context cx, Gears gears, Library lib, String configJson) {
        Scriptable scope = lib.scope;
        Scriptable redis = cx.newObject(scope);
        fn(scope, redis, "registerFunction", 2, (c, s, t, a) -> registerFunction(c, lib, a, false));
        fn(scope, redis, "registerAsyncFunction", 2, (c, s, t, a) -> registerFunction(c, lib, a, true));
        fn(scope, redis, "registerKeySpaceTrigger", 3, (c, s, t, a) -> Triggers.registerKeyspace(c, lib, a));
        fn(scope, redis, "registerStreamTrigger", 3, (c, s, t, a) -> Triggers.registerStream(c, lib, a));
        fn(scope, redis, "registerClusterFunction", 2, (c, s, t, a) -> ClusterFunctions.register(c, lib, a));
        Scriptable flags = cx.newObject(scope);
        ScriptableObject.putProperty(flags, "NO_WRITES", "no-writes");
        ScriptableObject.putProperty(flags, "ALLOW_OOM", "allow-oom");
        ScriptableObject.putProperty(flags, "RAW_ARGUMENTS", "raw-arguments");
        ScriptableObject.putProperty(redis, "functionFlags", flags);
        Object config;
        try {
            config = configJson == null ? cx.newObject(scope)
                    : new org.mozilla.javascript.json.JsonParser(cx, scope).parseValue(configJson);
        } catch (org.mozilla.javascript.json.JsonParser.ParseException e) {
            config = cx.newObject(scope); // validated by TFUNCTION LOAD already
        }
        ScriptableObject.putProperty(redis, "config", config);
        fn(scope, redis, "log", 1, (c, s, t, a) -> {
            if (a.length == 0) throw Convert.jsError(JsTexts.MISSING_0);
            if (!(a[0] instanceof CharSequence)) throw Convert.jsError(JsTexts.LOG_NOT_STRING);
            gears.log(escapeDefault(a[0].toString()));
            return Undefined.instance;
        });
        fn(scope, redis, "v8Version", 0, (c, s, t, a) -> "12.5.227.13");
        fn(scope, redis, "apiVersion", 0, (c, s, t, a) -> "1.1");
        ScriptableObject.putProperty(redis, "redisai", Clients.redisAi(cx, scope));
        ScriptableObject.defineProperty((ScriptableObject) scope, "redis", redis, ScriptableObject.DONTENUM);
    }

    static void fn(Scriptable scope, Scriptable target, String name, int arity, SerializableCallable body) {
        ScriptableObject.putProperty(target, name, new LambdaFunction(scope, name, arity, body));
    }

    /** Rust's escape_default, as redis.log applies it before writing the line. */
    static String escapeDefault(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '\n': b.append("\\n"); break;
                case '\t': b.append("\\t"); break;
                case '\r': b.append("\\r"); break;
                case '\'': b.append("\\'"); break;
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                default:
                    if (cp >= 0x20 && cp < 0x7f) b.append((char) cp);
                    else b.append("\\u{").append(Integer.toHexString(cp)).append('}');
            }
        });
        return b.toString();
    }

    static void requireLoading(Library lib) {
        if (!lib.loading) throw Convert.jsError(JsTexts.OUT_OF_CONTEXT);
    }

    /** The name argument at position 0, a string. */
    static String name(Object[] a) {
        if (a.length == 0) throw Convert.jsError(JsTexts.MISSING_0);
        if (!(a[0] instanceof CharSequence)) throw Convert.jsError(JsTexts.NOT_STRING_0);
        return a[0].toString();
    }

    /**
     * The options object at {@code index}: absent, or an object with only the known properties
     * (null/undefined fields count as absent). Returns null when not given.
     */
    static Scriptable options(Object[] a, int index, Set<String> known) {
        if (a.length <= index) return null;
        Object o = a[index];
        if (!(o instanceof Scriptable) || o instanceof Function) throw Convert.jsError(JsTexts.NOT_AN_OBJECT);
        Scriptable opts = (Scriptable) o;
        List<String> unknown = new ArrayList<>();
        for (Object id : opts.getIds()) {
            String k = String.valueOf(id);
            if (!known.contains(k)) unknown.add(k);
        }
        if (!unknown.isEmpty()) throw Convert.jsError(JsTexts.unknownProperties(String.join(",", unknown)));
        return opts;
    }

    /** An option field, or null when absent, null or undefined. */
    static Object field(Scriptable opts, String name) {
        if (opts == null) return null;
        Object v = ScriptableObject.getProperty(opts, name);
        if (v == Scriptable.NOT_FOUND || v == null || v instanceof Undefined) return null;
        return v;
    }

    static String description(Scriptable opts) {
        Object d = field(opts, "description");
        if (d == null) return null;
        if (!(d instanceof CharSequence)) throw Convert.jsError(JsTexts.DESCRIPTION_NOT_STRING);
        return d.toString();
    }

    private static Object registerFunction(Context cx, Library lib, Object[] a, boolean async) {
        requireLoading(lib);
        String name = name(a);
        if (a.length < 2) throw Convert.jsError(JsTexts.MISSING_1);
        if (!(a[1] instanceof Function)) throw Convert.jsError(JsTexts.REGISTER_FN_NOT_FUNCTION);
        Function callback = (Function) a[1];
        boolean coroutine = Exec.isAsync(cx, lib, callback);
        if (!async && coroutine) throw Convert.jsError(JsTexts.REGISTER_FN_ASYNC);
        Scriptable opts = options(a, 2, Set.of("flags", "description"));
        String description = description(opts);
        int flags = 0;
        Object f = field(opts, "flags");
        if (f != null) {
            if (!(f instanceof NativeArray)) throw Convert.jsError(JsTexts.FLAG_NOT_STRING);
            NativeArray arr = (NativeArray) f;
            for (int i = 0; i < arr.getLength(); i++) {
                Object e = arr.get(i, arr);
                if (!(e instanceof CharSequence)) throw Convert.jsError(JsTexts.FLAG_NOT_STRING);
                switch (e.toString()) {
                    case "no-writes": flags |= JsFunction.NO_WRITES; break;
                    case "allow-oom": flags |= JsFunction.ALLOW_OOM; break;
                    case "raw-arguments": flags |= JsFunction.RAW_ARGUMENTS; break;
                    default: throw Convert.jsError(JsTexts.unknownFlag(e.toString()));
                }
            }
        }
        String bad = Names.check("function", name);
        if (bad != null) throw Convert.jsError(bad);
        if (lib.functions.containsKey(name)) throw Convert.jsError(JsTexts.functionExists(name));
        lib.functions.put(name, new JsFunction(name, callback, flags, description, async, coroutine));
        return Undefined.instance;
    }

    /** A prefix argument: a string or an ArrayBuffer (raw bytes); null when neither. */
    static byte[] prefix(Object v) {
        if (v instanceof CharSequence) return v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (v instanceof NativeArrayBuffer) return Convert.argBytes(v);
        return null;
    }
}

package dev.emredis.js;

import dev.emredis.internal.command.Errors;
import dev.emredis.internal.command.RedisError;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * TFUNCTION LOAD after argument parsing: header, compilation, version, existence, evaluation in
 * a fresh scope (holding the Redis lock, under lock-redis-timeout), the "something registered"
 * rule, then the atomic swap with the library it replaces. Any failure leaves the old one as it was.
 */
final class Loader {
    private Loader() {}

    static void load(Gears gears, String code, String configJson, boolean replace, String user) {
        Prologue header = Prologue.parse(code);
        // V8 takes the "#!" line as a hashbang comment; Rhino does not: blank it, keeping line numbers.
        int nl = code.indexOf('\n');
        String body = nl < 0 ? "" : code.substring(nl);
        String js = AsyncTransform.transform(SyntaxLowering.lower(body));
        // the JS heaps of all libraries over v8-maxmemory: nothing more is compiled
        if (JsMemory.total(gears) > gears.maxMemory()) throw new RedisError(Errors.tfCompilation(Errors.TF_JS_OOM));
        Context cx = JsEngine.enter();
        try {
            Script script;
            try {
                script = cx.compileString(js, header.name, 1, null);
            } catch (EvaluatorException e) {
                throw new RedisError(Errors.tfCompilation("SyntaxError: " + e.details()));
            }
            String version = header.majorMinor();
            if (!version.equals("1.0") && !version.equals("1.1")) {
                throw new RedisError(Errors.tfUnsupportedApiVersion(version));
            }
            Library old = gears.libraries.get(header.name);
            if (old != null && !replace) throw new RedisError(Errors.tfLibraryExists(header.name));
            Library lib = newLibrary(cx, gears, header, code, configJson, user);
            try {
                Exec.locked(gears, lib, c -> {
                    Object completion = script.exec(c, lib.scope);
                    Exec.drain(c, lib);
                    if (Exec.isPromise(c, lib, completion) && Exec.state(c, lib, completion) == Exec.REJECTED) {
                        throw Convert.jsError("Failed evaluating module: " + Convert.valueText(Exec.value(c, lib, completion)));
                    }
                    return null;
                });
            } catch (RedisError e) {
                throw e;
            } catch (Throwable t) {
                lib.alive = false;
                throw new RedisError(Errors.tfLoading(Convert.errorText(t)));
            } finally {
                lib.loading = false;
            }
            if (!lib.registeredSomething()) {
                lib.alive = false;
                throw new RedisError(Errors.TF_NOTHING_REGISTERED);
            }
            if (old != null) {
                String upgradeError = gears.triggers.checkUpgrade(old, lib);
                if (upgradeError != null) {
                    lib.alive = false;
                    throw new RedisError(Errors.tfLoading(upgradeError));
                }
                old.alive = false;
                gears.triggers.upgraded(old, lib);
            }
            if (JsMemory.supported()) lib.memory.estimate = JsMemory.measure(null, lib);
            gears.libraries.put(header.name, lib);
            gears.triggers.libraryLoaded(lib);
        } finally {
            Context.exit();
        }
    }

    private static Library newLibrary(Context cx, Gears gears, Prologue header, String code, String configJson, String user) {
        Scriptable[] api = new Scriptable[1];
        Host host = new Host();
        Scriptable scope = JsEngine.newScope(cx, host, api);
        Library lib = new Library(header.name, code, header.apiVersion, configJson, user, scope, api[0], new JobQueue(gears));
        host.lib = lib;
        lib.setCtor = (Function) ScriptableObject.getProperty(scope, "Set");
        lib.arrayBufferCtor = (Function) ScriptableObject.getProperty(scope, "ArrayBuffer");
        lib.stringCtor = (Function) ScriptableObject.getProperty(scope, "String");
        RedisApi.install(cx, gears, lib, configJson);
        JsMemory.init(gears, lib);
        return lib;
    }

    /**
     * What the prelude calls back into: {@code enqueue(fn)} runs fn later as a job of the
     * library (how the replaced Promise constructor's resolve/reject take effect).
     */
    public static final class Host extends ScriptableObject {
        Library lib;

        Host() {
            defineProperty("enqueue", new org.mozilla.javascript.LambdaFunction(this, "enqueue", 1, (c, s, t, a) -> {
                Function job = (Function) a[0];
                Library l = lib;
                Exec.background(l, cx -> job.call(cx, l.scope, l.scope, new Object[0]));
                return org.mozilla.javascript.Undefined.instance;
            }), DONTENUM);
            defineProperty("isAsync", new org.mozilla.javascript.LambdaFunction(this, "isAsync", 1,
                    (c, s, t, a) -> AsyncTransform.isAsyncSource(String.valueOf(a[0]))), DONTENUM);
        }

        @Override
        public String getClassName() {
            return "Host";
        }
    }
}

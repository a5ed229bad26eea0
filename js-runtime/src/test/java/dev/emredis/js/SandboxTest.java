package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The sandbox: no Java reachable from a library (ClassShutter denying every class, no LiveConnect
 * globals), only V8's standard globals, and a time budget while JS holds the Redis lock (§2.3, §12).
 */
class SandboxTest extends GearsTestBase {
    private static final String TIMEOUT = "Err Execution was terminated due to OOM or timeout";

    private String eval(String expression) {
        assertThat(load("sbx", "redis.registerFunction('e', () => { try { return String(" + expression + "); }"
                + " catch (e) { return 'threw ' + (typeof e === 'string' ? e : e.name); } });")).isEqualTo(OK);
        return c.call("TFCALL", "sbx.e", "0");
    }

    @Test
    void noJavaGlobals() {
        String[] names = {"Packages", "java", "javax", "org", "com", "net", "edu", "getClass", "JavaAdapter",
            "JavaImporter", "importClass", "importPackage", "Continuation", "XML", "XMLList", "Namespace", "QName",
            "print", "load", "eval", "EvalError", "Iterator", "StopIteration", "uneval", "isXMLName", "With", "Call",
            "Script", "InternalError", "JavaException", "CallSite", "sync", "spawn", "readFile", "runCommand",
            "require", "process", "setTimeout", "setInterval", "WebAssembly", "SharedArrayBuffer", "Atomics"};
        for (String n : names) assertThat(eval("typeof " + n)).as(n).isEqualTo(bulk("undefined"));
        assertThat(eval("WebAssembly")).isEqualTo(bulk("threw ReferenceError"));
        assertThat(eval("typeof globalThis.Packages + typeof this.java")).isEqualTo(bulk("undefinedundefined"));
    }

    @Test
    void escapesThroughConstructorsAndObjects() {
        assertThat(eval("Function('return typeof Packages')()")).isEqualTo(bulk("undefined"));
        assertThat(eval("(function(){}).constructor('return typeof java')()")).isEqualTo(bulk("undefined"));
        assertThat(eval("typeof ({}).getClass")).isEqualTo(bulk("undefined"));
        assertThat(eval("typeof redis.log.getClass")).isEqualTo(bulk("undefined"));
        assertThat(eval("typeof redis.registerFunction.__javaObject__")).isEqualTo(bulk("undefined"));
        assertThat(eval("Object.getPrototypeOf(redis) === Object.prototype")).isEqualTo(bulk("true"));
        assertThat(eval("Object.getOwnPropertyNames(globalThis).filter(n => /^(Packages|java|javax|org|com|net|eval|load|print|XML)$/.test(n)).length"))
                .isEqualTo(bulk("0"));
        // a Java exception surfacing in JS carries no Java object
        assertThat(eval("(() => { try { redis.registerFunction('x', () => 1); } catch (e) { return typeof e.javaException + ' ' + typeof e.rhinoException; } })()"))
                .isEqualTo(bulk("undefined undefined"));
        assertThat(eval("(() => { try { new Uint8Array(-1); } catch (e) { return typeof e.javaException; } })()")).isEqualTo(bulk("undefined"));
        // deep recursion ends the call with an error (engine-specific text), not a crash
        assertThat(eval("(function f(n) { return f(n + 1); })(0)")).startsWith("-");
        assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
        // console exists and prints nothing
        assertThat(eval("console.log('x')")).isEqualTo(bulk("undefined"));
    }

    @Test
    void timeBudgetWhileHoldingTheLock() throws Exception {
        assertThat(c.call("CONFIG", "SET", "redisgears_2.lock-redis-timeout", "100")).isEqualTo(OK);
        try {
            assertThat(load("t", "redis.registerFunction('loop', () => { while (true); });\n"
                    + "redis.registerFunction('caught', () => { try { while (true); } catch (e) { return 'caught'; } });\n"
                    + "redis.registerFunction('fin', () => { try { while (true); } finally { while (true); } });\n"
                    + "redis.registerAsyncFunction('blockloop', async (client) => client.block(() => { while (true); }));\n"
                    + "redis.registerAsyncFunction('blockcatch', async (client) => { try { client.block(() => { while (true); }); }"
                    + " catch (e) { return 'after ' + e; } });")).isEqualTo(OK);
            assertThat(c.call("TFCALL", "t.loop", "0")).isEqualTo(err(TIMEOUT));
            assertThat(c.call("TFCALL", "t.caught", "0")).isEqualTo(err(TIMEOUT));
            assertThat(c.call("TFCALL", "t.fin", "0")).isEqualTo(err(TIMEOUT));
            assertThat(c.call("TFCALLASYNC", "t.blockloop", "0")).isEqualTo(err(TIMEOUT));
            assertThat(c.call("TFCALLASYNC", "t.blockcatch", "0")).isEqualTo(bulk("after " + TIMEOUT));
            assertThat(c.call("TFUNCTION", "LOAD", "#!js api_version=1.0 name=top\nwhile (true);"))
                    .isEqualTo(err("Failed loading library: " + TIMEOUT + "."));
            // the server is still fine
            assertThat(c.call("PING")).isEqualTo("+PONG\r\n");
            // a coroutine spinning without block() holds its library: a sync call times out waiting
            assertThat(load("spin", "redis.registerAsyncFunction('spin', async () => { var t = Date.now(); while (Date.now() - t < 1500); return 'done'; });\n"
                    + "redis.registerFunction('quick', () => 'quick');")).isEqualTo(OK);
            try (var a = connect()) {
                a.setTimeout(30_000);
                a.send("TFCALLASYNC", "spin.spin", "0");
                for (int i = 0; i < 100 && c.call("TFUNCTION", "LIST", "LIBRARY", "spin").contains(bulk("pending_jobs") + ":1"); i++) {
                    Thread.sleep(5);
                }
                Thread.sleep(100);
                assertThat(c.call("TFCALL", "spin.quick", "0")).isEqualTo(err(TIMEOUT));
                assertThat(a.read()).isEqualTo(bulk("done"));
            }
            assertThat(c.call("TFCALL", "spin.quick", "0")).isEqualTo(bulk("quick"));
            c.call("TFUNCTION", "DELETE", "spin");
        } finally {
            c.call("CONFIG", "SET", "redisgears_2.lock-redis-timeout", "500");
            c.call("TFUNCTION", "DELETE", "t");
        }
    }

    @Test
    void configurationParameters() {
        assertThat(c.call("CONFIG", "SET", "redisgears_2.lock-redis-timeout", "50")).isEqualTo(err(
                "ERR CONFIG SET failed (possibly related to argument 'redisgears_2.lock-redis-timeout') - argument must be between 100 and 1000000000 inclusive"));
        assertThat(c.call("CONFIG", "SET", "redisgears_2.lock-redis-timeout", "500")).isEqualTo(OK);
        assertThat(c.call("CONFIG", "SET", "redisgears_2.db-loading-lock-redis-timeout", "200"))
                .contains("The db-loading-lock-redis-timeout value can't be less than lock-redis-timeout value.");
        assertThat(c.call("CONFIG", "SET", "redisgears_2.lock-redis-timeout", "40000")).isEqualTo(OK);
        assertThat(c.call("CONFIG", "GET", "redisgears_2.db-loading-lock-redis-timeout"))
                .isEqualTo("*2\r\n" + bulk("redisgears_2.db-loading-lock-redis-timeout") + bulk("40000"));
        assertThat(c.call("CONFIG", "SET", "redisgears_2.lock-redis-timeout", "500")).isEqualTo(OK);
        assertThat(c.call("CONFIG", "SET", "redisgears_2.db-loading-lock-redis-timeout", "30000")).isEqualTo(OK);
        assertThat(c.call("CONFIG", "SET", "redisgears_2.error-verbosity", "x"))
                .contains("argument couldn't be parsed into an integer");
    }
}

package dev.emredis.js;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The async/await rewrite: run on Rhino with the prelude's promise driver, results read back from
 * the global {@code result} after the microtask queue drained.
 */
class AsyncTransformTest {
    private static String run(String src) {
        Context cx = JsEngine.enter();
        try {
            Scriptable[] api = new Scriptable[1];
            Scriptable scope = JsEngine.newScope(cx, new Loader.Host(), api);
            cx.evaluateString(scope, AsyncTransform.transform(src), "t", 1, null);
            ((Function) ScriptableObject.getProperty(api[0], "drain")).call(cx, scope, scope, new Object[0]);
            Object r = ScriptableObject.getProperty(scope, "result");
            return r instanceof CharSequence ? r.toString() : Context.toString(r);
        } finally {
            Context.exit();
        }
    }

    @Test
    void loopsAwaitEachStep() {
        assertThat(run("var out = [];\n"
                + "async function g(x) { return x * 2; }\n"
                + "async function f() {\n"
                + "  for (var i = 0; i < 3; i++) { out.push(await g(i)); }\n"
                + "  var j = 0; while (await g(j) < 4) j++;\n"
                + "  do { j--; } while (await g(j) > 0);\n"
                + "  for (var k of [7, 8]) out.push(await k);\n"
                + "  return out.join(',') + ' j=' + j;\n"
                + "}\n"
                + "var result; f().then(v => { result = v; });")).isEqualTo("0,2,4,7,8 j=0");
    }

    @Test
    void tryCatchFinallyWithRejectedPromises() {
        assertThat(run("var log = [];\n"
                + "async function bad() { throw new Error('no'); }\n"
                + "async function f() {\n"
                + "  try { await bad(); log.push('not here'); }\n"
                + "  catch (e) { log.push('c:' + e.message); }\n"
                + "  finally { log.push('f'); await 1; log.push('f2'); }\n"
                + "  try { return await bad(); } finally { log.push('f3'); }\n"
                + "}\n"
                + "var result; f().then(v => { result = 'ok ' + v; }, e => { result = log.join(',') + ' rejected ' + e.message; });"))
                .isEqualTo("c:no,f,f2,f3 rejected no");
        assertThat(run("var result; (async () => { throw 'plain'; })()['catch'](e => { result = typeof e + ' ' + e; });"))
                .isEqualTo("string plain");
    }

    @Test
    void nestedCallbacksAndArrowForms() {
        assertThat(run("var result;\n"
                + "var add = async x => await x + 1;\n"
                + "var both = async (a, b) => await a + await b;\n"
                + "async function outer() {\n"
                + "  var inner = async function (v) { return [1, 2].map(function (n) { return n * v; }); };\n"
                + "  var parts = await inner(await add(2));\n"
                + "  return parts.join('+') + '=' + await both(parts[0], parts[1]);\n"
                + "}\n"
                + "outer().then(v => { result = v; });")).isEqualTo("3+6=9");
        // an async arrow passed as an argument, and in a template substitution
        assertThat(run("var result; function call(f) { return f(); }\n"
                + "call(async () => { result = `${await 'a'}${await (async () => 'b')()}`; });")).isEqualTo("ab");
    }

    @Test
    void thisAndArgumentsInsideAsyncFunctions() {
        assertThat(run("var result; var o = { v: 5, async m(x) { var f = async () => this.v; return await f() + x; } };\n"
                + "o.m(1).then(v => { result = v; });")).isEqualTo("6");
        assertThat(run("var result; async function f() { return arguments.length; } f(1, 2, 3).then(v => { result = v; });"))
                .isEqualTo("3");
    }

    @Test
    void asyncAndAwaitAsIdentifiersAndInsideLiterals() {
        assertThat(run("var async = function (x) { return x + 1; }; var o = { async: 2 };\n"
                + "var result = async(1) + o.async;")).isEqualTo("4");
        String literals = "var s1 = 'async function f() { await x }';\n"
                + "var s2 = \"await y\"; var t = `async () => ${'await'}`;\n"
                + "var re = /async function/g; // async function in a comment\n"
                + "/* await z */ var result = s1 + '|' + s2 + '|' + t + '|' + re.source;";
        assertThat(AsyncTransform.transform(literals)).isEqualTo(literals);
        assertThat(run(literals)).isEqualTo("async function f() { await x }|await y|async () => await|async function");
        // division is not a regex
        assertThat(run("var a = 8, b = 2, g = 2; var result = a / b / g;")).isEqualTo("2");
    }

    @Test
    void asyncFunctionsAreRecognised() {
        Context cx = JsEngine.enter();
        try {
            Scriptable scope = JsEngine.newScope(cx, new Loader.Host(), new Scriptable[1]);
            cx.evaluateString(scope, AsyncTransform.transform("var a = async function () { return 1; };\n"
                    + "var b = async () => 1; var c = async x => { return x; };\n"
                    + "var d = (c) => c.executeAsync(async () => 1); function e() { return async function () {}; }\n"
                    + "var o = { async m() {} };"), "t", 1, null);
            for (String n : new String[] {"a", "b", "c"}) {
                assertThat(AsyncTransform.isAsyncSource(Context.toString(ScriptableObject.getProperty(scope, n)))).as(n).isTrue();
            }
            assertThat(AsyncTransform.isAsyncSource(Context.toString(ScriptableObject.getProperty(scope, "d")))).isFalse();
            assertThat(AsyncTransform.isAsyncSource(Context.toString(ScriptableObject.getProperty(scope, "e")))).isFalse();
            Object m = ScriptableObject.getProperty((Scriptable) ScriptableObject.getProperty(scope, "o"), "m");
            assertThat(AsyncTransform.isAsyncSource(Context.toString(m))).isTrue();
        } finally {
            Context.exit();
        }
    }

    @Test
    void sourcePositionsAreKept() {
        String src = "\n\nasync function f() {\n  await 1;\n  await 2;\n}\nvar x = ;\n";
        String out = AsyncTransform.transform(src);
        assertThat(out.split("\n", -1)).hasSameSizeAs(src.split("\n", -1));
        Context cx = JsEngine.enter();
        try {
            Scriptable scope = JsEngine.newScope(cx, new Loader.Host(), new Scriptable[1]);
            assertThatThrownBy(() -> cx.compileString(out, "lib", 1, null))
                    .isInstanceOfSatisfying(EvaluatorException.class, e -> assertThat(e.lineNumber()).isEqualTo(7));
            // a runtime error inside a coroutine reports its original line
            String src2 = "var result;\nasync function f() {\n  await 1;\n\n  nosuch();\n}\nf()['catch'](e => { result = e.lineNumber; });";
            cx.evaluateString(scope, AsyncTransform.transform(src2), "lib", 1, null);
        } finally {
            Context.exit();
        }
        assertThat(run("var result;\nasync function f() {\n  await 1;\n\n  throw new Error('x');\n}\n"
                + "f()['catch'](e => { result = e.stack.split('\\n')[0]; });")).contains("t:5");
    }

    @Test
    void unbalancedInputIsLeftForRhinoToReport() {
        String bad = "async function f( { await";
        assertThat(AsyncTransform.transform(bad)).isEqualTo(bad);
        assertThat(AsyncTransform.transform("var s = 'unterminated")).isEqualTo("var s = 'unterminated");
        assertThatThrownBy(() -> run("async function f( {")).isInstanceOf(RhinoException.class);
    }
}

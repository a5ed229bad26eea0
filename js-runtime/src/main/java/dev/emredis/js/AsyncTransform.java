package dev.emredis.js;

import dev.emredis.js.JsTokenizer.Kind;
import dev.emredis.js.JsTokenizer.Token;
import java.util.List;

/**
 * Rhino has no {@code async}/{@code await}: before Rhino sees a library, every async function is
 * rewritten into a plain function that runs a generator through the runtime's promise driver
 * ({@code __co}, defined by the prelude), and every {@code await x} inside it into
 * {@code __aw((yield x))}. The rewrite works on tokens (strings, templates, regexes and comments are
 * never touched), keeps every line break (so errors keep their line numbers), and leaves
 * {@code async} used as an identifier alone.
 *
 * <pre>
 * async function f(a) { B }   -&gt; function f(a) {"__emredis_async__";return __co(this,arguments,function*(){B'});}
 * async (a) =&gt; { B }          -&gt; (a) =&gt; {"__emredis_async__";return __co(this,[],function*(){B'});}
 * async a =&gt; E                 -&gt; a =&gt; {"__emredis_async__";return __co(this,[],function*(){return (E');});}
 * { async m(a) { B } }        -&gt; { m(a) {"__emredis_async__";return __co(this,arguments,function*(){B'});} }
 * await X                     -&gt; __aw((yield X))   (__aw unwraps the value or throws the rejection)
 * </pre>
 *
 * The marker string statement is how the runtime knows a callback was declared async
 * ({@link #isAsyncSource}): registerFunction refuses it, registerAsyncFunction runs it as a
 * coroutine, executeAsync requires it.
 */
final class AsyncTransform extends Tokens {
    static final String MARKER = "\"__emredis_async__\"";

    private final StringBuilder out = new StringBuilder();

    private AsyncTransform(List<Token> toks) {
        super(toks);
    }

    /** The rewritten source; input the tokenizer cannot read is returned unchanged (Rhino reports it). */
    static String transform(String src) {
        return rewrite(src, toks -> {
            AsyncTransform t = new AsyncTransform(toks);
            t.range(0, toks.size(), false);
            return t.out;
        });
    }

    /**
     * Whether a function's source text (Function.prototype.toString) is a rewritten async
     * function: its body, right after the parameters, starts with the marker statement.
     */
    static boolean isAsyncSource(String fnSource) {
        if (!fnSource.contains(MARKER)) return false;
        List<Token> toks;
        try {
            toks = JsTokenizer.tokenize(fnSource);
        } catch (JsTokenizer.TokenizeException e) {
            return false;
        }
        AsyncTransform t = new AsyncTransform(toks);
        int n = toks.size();
        try {
            int i = t.next(0, n);
            if (t.is(i, "function")) {
                while (i < n && !t.is(i, "(")) i++;
            } else if (t.ident(i) && t.is(t.next(i + 1, n), "=>")) {
                i = t.next(i + 1, n) - 1; // single parameter arrow: pretend the parameter list ended here
            } else if (t.ident(i) && t.is(t.next(i + 1, n), "(")) {
                i = t.next(i + 1, n);
            }
            if (t.is(i, "(")) i = t.matching(i);
            int b = t.next(i + 1, n);
            if (t.is(b, "=>")) b = t.next(b + 1, n);
            if (!t.is(b, "{")) return false;
            int m = t.next(b + 1, n);
            return m < n && toks.get(m).kind == Kind.STRING && toks.get(m).text.equals(MARKER);
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    // --- rewriting --------------------------------------------------------------------------

    private void emit(int from, int to) {
        for (int i = from; i < to; i++) out.append(toks.get(i).text);
    }

    /** Rewrites tokens [from, to); {@code inAsync}: inside an async body, where await is an operator. */
    private void range(int from, int to, boolean inAsync) {
        int i = from;
        while (i < to) {
            Token t = toks.get(i);
            if (t.kind == Kind.IDENT && !is(prev(i), ".") && !is(prev(i), "?.")) {
                int handled = -1;
                if (t.text.equals("async")) handled = asyncFunction(i, to);
                else if (t.text.equals("function")) handled = plainFunction(i, to);
                else if (t.text.equals("await") && inAsync && !is(next(i + 1, to), ":")) handled = await(i, to);
                else if (t.text.equals("return") && inAsync) handled = returnStatement(i, to);
                if (handled >= 0) {
                    i = handled;
                    continue;
                }
            }
            if (t.is("=>")) {
                i = plainArrowBody(i, to);
                continue;
            }
            out.append(t.text);
            i++;
        }
    }

    /** {@code await X} at i: emits {@code (yield X)}; returns the index after X. */
    private int await(int i, int to) {
        int start = i + 1;
        int end = operandEnd(next(start, to), to);
        out.append("__aw((yield");
        range(start, end + 1, true);
        out.append("))");
        return end + 1;
    }

    /**
     * {@code return X;} in an async body becomes {@code {var $__emredis_r = X; return $__emredis_r;}}:
     * in a Rhino generator, an exception thrown while evaluating a return's expression runs the
     * enclosing finally block twice; evaluated as a declaration it runs once.
     */
    private int returnStatement(int i, int to) {
        int j = next(i + 1, to);
        if (j >= to || newlineBetween(i, j) || is(j, ";") || is(j, ":") || closes(j)) return -1;
        int e = j;
        int last = -1;
        while (e < to) {
            if (space(e)) {
                e++;
                continue;
            }
            Token t = toks.get(e);
            if (t.is(";") || closes(e)) break;
            if (last >= 0 && newlineBetween(last, e) && t.kind == Kind.IDENT && endsExpression(last)
                    && !t.text.equals("instanceof") && !t.text.equals("in")) {
                e = last + 1;
                break;
            }
            if (opens(e)) e = matching(e);
            last = e;
            e++;
        }
        out.append("{var $__emredis_r =");
        range(i + 1, e, true);
        out.append("; return $__emredis_r;}");
        return e < to && is(e, ";") ? e + 1 : e;
    }

    /** The last token of the unary expression starting at k. */
    private int operandEnd(int k, int to) {
        while (k < to && (is(k, "!") || is(k, "-") || is(k, "+") || is(k, "~") || is(k, "typeof")
                || is(k, "void") || is(k, "delete") || is(k, "await") || is(k, "new"))) {
            k = next(k + 1, to);
        }
        if (k >= to) return to - 1;
        if (is(k, "function")) {
            int p = k;
            while (p < to && !is(p, "(")) p++;
            int b = next(matching(p) + 1, to);
            k = matching(b);
        } else if (opens(k)) {
            k = matching(k);
        }
        while (true) {
            int n = next(k + 1, to);
            if (n >= to) return k;
            if (is(n, ".") || is(n, "?.")) {
                int m = next(n + 1, to);
                k = opens(m) ? matching(m) : m;
            } else if (is(n, "(") || is(n, "[") || (toks.get(n).kind == Kind.TEMPLATE && !toks.get(n).text.startsWith("}"))) {
                k = matching(n);
            } else {
                return k;
            }
        }
    }

    /** A non-async {@code function ... (...) {...}}: its body is not async. */
    private int plainFunction(int i, int to) {
        int p = i + 1;
        while (p < to && !is(p, "(")) {
            if (!space(p) && !ident(p) && !is(p, "*")) return -1;
            p++;
        }
        if (p >= to) return -1;
        int pc = matching(p);
        int b = next(pc + 1, to);
        if (!is(b, "{")) return -1;
        int bc = matching(b);
        emit(i, p);
        range(p, b + 1, false);
        range(b + 1, bc, false);
        out.append('}');
        return bc + 1;
    }

    /** After the "=>" of a plain arrow (async arrows are handled at their "async"): a non-async body. */
    private int plainArrowBody(int i, int to) {
        out.append("=>");
        int b = next(i + 1, to);
        if (is(b, "{")) {
            int bc = matching(b);
            emit(i + 1, b + 1);
            range(b + 1, bc, false);
            out.append('}');
            return bc + 1;
        }
        int e = expressionEnd(b, to);
        range(i + 1, e, false);
        return e;
    }

    /** {@code async} at i: an async function, arrow or method; -1 when it is just an identifier. */
    private int asyncFunction(int i, int to) {
        int j = next(i + 1, to);
        if (j >= to || newlineBetween(i, j)) return -1;
        if (is(j, "function")) {
            int k = next(j + 1, to);
            if (is(k, "*")) return -1; // async generators: not supported, Rhino reports the syntax
            int p = k;
            while (p < to && !is(p, "(")) p++;
            if (p >= to) return -1;
            int pc = matching(p);
            int b = next(pc + 1, to);
            if (!is(b, "{")) return -1;
            emit(i + 1, p); // drops "async", keeps "function name"
            range(p, pc + 1, false);
            emit(pc + 1, b);
            asyncBody(b, "this,arguments");
            return matching(b) + 1;
        }
        if (is(j, "(")) {
            int pc = matching(j);
            int a = next(pc + 1, to);
            if (!is(a, "=>") || newlineBetween(pc, a)) return -1;
            emit(i + 1, j);
            range(j, pc + 1, false);
            emit(pc + 1, a);
            return asyncArrowBody(a, to);
        }
        if (ident(j)) {
            int a = next(j + 1, to);
            if (is(a, "=>")) {
                emit(i + 1, a);
                return asyncArrowBody(a, to);
            }
            int pr = prev(i);
            if (is(a, "(") && (is(pr, "{") || is(pr, ",") || is(pr, "}") || is(pr, ";"))) {
                // async method in an object literal
                int pc = matching(a);
                int b = next(pc + 1, to);
                if (!is(b, "{")) return -1;
                emit(i + 1, a);
                range(a, pc + 1, false);
                emit(pc + 1, b);
                asyncBody(b, "this,arguments");
                return matching(b) + 1;
            }
        }
        return -1;
    }

    /** Emits the rewritten block body opened at b, driven with the given this/arguments. */
    private void asyncBody(int b, String thisAndArgs) {
        int bc = matching(b);
        out.append('{').append(MARKER).append(";return __co(").append(thisAndArgs).append(",function*(){");
        range(b + 1, bc, true);
        out.append("});}");
    }

    private int asyncArrowBody(int a, int to) {
        out.append("=>");
        int b = next(a + 1, to);
        emit(a + 1, b);
        if (is(b, "{")) {
            asyncBody(b, "this,[]");
            return matching(b) + 1;
        }
        int e = expressionEnd(b, to);
        out.append('{').append(MARKER).append(";return __co(this,[],function*(){return (");
        range(b, e, true);
        out.append(");});}");
        return e;
    }
}

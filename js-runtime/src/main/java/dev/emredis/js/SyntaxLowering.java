package dev.emredis.js;

import dev.emredis.js.JsTokenizer.Kind;
import dev.emredis.js.JsTokenizer.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rhino 1.9.2 refuses syntax V8 (and every RedisGears example) uses. Before the async transform and
 * Rhino see a library, this pass lowers it, token by token, to code Rhino runs, with the helpers the
 * prelude defines ({@code __cls}, {@code __defs}, {@code __sc}...):
 *
 * <pre>
 * class C extends P { constructor(a) { super(a); this.x = 1; } m() {} static s() {} get g() {} f = 1; }
 *   -&gt; var C = (function(){ var $__super = (P); __cls(C, $__super, true);
 *        function C(a) { ...; var $__this; ($__this = __construct($__super, [a], this), __initFields($__this, C), $__this); $__this.x = 1; return $__this; }
 *        __defs(C.prototype, {__proto__: $__super.prototype, m() {}}); __defs(C, {__proto__: $__super, s() {}}); ...
 *        return C; })();
 * f(...a)         -&gt; f.apply(void 0, [...a])
 * o.m(...a)       -&gt; o[__sc]("m", [...a])            (the receiver stays o)
 * new C(...a)     -&gt; __new(C, [...a])
 * (a, ...r) =&gt; E  -&gt; __arrow(this, function(a, ...r) { return (E); })
 * for (const x of y)              -&gt; for (let x of y)
 * let [a, ...r] = E / let {a, ...r} = E  -&gt; let $__d1 = __arr(E), [a] = $__d1, r = $__d1.slice(1) / ... __objRest($__d1, ["a"])
 * </pre>
 *
 * Every line break stays where it was (inserted text never contains one), so Rhino's line numbers
 * are the library's. Methods are object-literal methods, so {@code super.m()} inside them works
 * natively (their home object's prototype is the parent's prototype).
 */
final class SyntaxLowering extends Tokens {
    private static final Set<String> NOT_CALLEES = Set.of(
            "if", "while", "for", "switch", "catch", "with", "function", "return", "typeof", "void", "delete", "new",
            "in", "of", "instanceof", "yield", "await", "case", "do", "else", "throw", "super", "async", "let", "var",
            "const", "class", "extends", "static", "get", "set");

    private final StringBuilder out = new StringBuilder();
    private int unique;

    /** Where the tokens being emitted sit: inside a derived class constructor, this/super change. */
    private static final class Scope {
        static final Scope NONE = new Scope(null);
        /** Non-null inside the body of a derived class's constructor (arrows included). */
        final String derivedClass;

        Scope(String derivedClass) {
            this.derivedClass = derivedClass;
        }
    }

    private SyntaxLowering(List<Token> toks) {
        super(toks);
    }

    /** The lowered source; input the tokenizer cannot read or with unbalanced brackets is returned unchanged. */
    static String lower(String src) {
        return rewrite(src, toks -> {
            SyntaxLowering l = new SyntaxLowering(toks);
            l.range(0, toks.size(), Scope.NONE);
            return l.out;
        });
    }

    private void emit(int from, int to) {
        for (int i = from; i < to; i++) out.append(toks.get(i).text);
    }

    private String thisText(Scope sc) {
        return sc.derivedClass != null ? "$__this" : "this";
    }

    private void range(int from, int to, Scope sc) {
        int i = from;
        while (i < to) {
            int handled = step(i, to, sc);
            if (handled >= 0) {
                i = handled;
                continue;
            }
            out.append(toks.get(i).text);
            i++;
        }
    }

    /** Rewrites the construct starting at i, returning the index after it; -1 when there is none. */
    private int step(int i, int to, Scope sc) {
        Token t = toks.get(i);
        boolean member = is(prev(i), ".") || is(prev(i), "?.");
        if (t.kind == Kind.IDENT && !member) {
            switch (t.text) {
                case "class":
                    if (!is(next(i + 1, to), ":")) return classDefinition(i, to, sc);
                    return -1;
                case "new":
                    return spreadNew(i, to, sc);
                case "super":
                    return superRef(i, to, sc);
                case "this":
                    if (sc.derivedClass == null || is(next(i + 1, to), ":")) return -1;
                    out.append("$__this");
                    return i + 1;
                case "function":
                    return function(i, to);
                case "const":
                    if (is(prev(i), "(") && is(prev(prev(i)), "for")) {
                        out.append("let");
                        return i + 1;
                    }
                    return declaration(i, to, sc);
                case "let":
                case "var":
                    return declaration(i, to, sc);
                case "async":
                    return asyncArrow(i, to, sc);
                default:
                    return -1;
            }
        }
        if (t.kind != Kind.PUNCT) return -1;
        if (t.is("#") && i + 1 < to && ident(i + 1)) {
            // #private names become hidden (non-enumerable) properties
            out.append("$__priv_").append(text(i + 1));
            return i + 2;
        }
        if (t.is(".") || t.is("?.")) return spreadMethodCall(i, to, sc);
        if (t.is("[")) return spreadComputedCall(i, to, sc);
        if (t.is("(")) {
            int pc = matching(i);
            if (is(next(pc + 1, to), "=>")) return arrow(i, -1, to, sc);
            if (isCall(i, pc, to) && hasTopLevel(i, pc, "...")) {
                out.append(".apply(void 0, [");
                range(i + 1, pc, sc);
                out.append("])");
                return pc + 1;
            }
        }
        return -1;
    }

    /** A '(' at i (closing at pc) that calls what precedes it (not a definition's parameters). */
    private boolean isCall(int i, int pc, int to) {
        int p = prev(i);
        if (p < 0) return false;
        Token pt = toks.get(p);
        boolean callee;
        if (pt.kind == Kind.IDENT) {
            callee = !NOT_CALLEES.contains(pt.text) && !is(prev(p), "function") && !is(prev(p), "*");
        } else if (pt.kind == Kind.TEMPLATE) {
            callee = pt.text.endsWith("`");
        } else {
            callee = pt.is(")") || pt.is("]");
        }
        if (!callee) return false;
        int n = next(pc + 1, to);
        return !is(n, "{") && !is(n, "=>");
    }

    // --- calls with spread ------------------------------------------------------------------------

    /** {@code .name(...)} / {@code ?.name(...)} with a spread argument: {@code [__sc]("name", [...])}. */
    private int spreadMethodCall(int i, int to, Scope sc) {
        int n = next(i + 1, to);
        if (!ident(n)) return -1;
        int p = next(n + 1, to);
        if (!is(p, "(")) return -1;
        int pc = matching(p);
        if (!hasTopLevel(p, pc, "...")) return -1;
        out.append(is(i, "?.") ? "?.[__sc](\"" : "[__sc](\"").append(text(n)).append("\", [");
        range(p + 1, pc, sc);
        out.append("])");
        return pc + 1;
    }

    /** {@code o[k](...)} with a spread argument: {@code o[__sc](k, [...])}. */
    private int spreadComputedCall(int i, int to, Scope sc) {
        int p0 = prev(i);
        if (p0 < 0 || !(endsExpression(p0) && (ident(p0) ? !NOT_CALLEES.contains(text(p0)) : kind(p0) != Kind.NUMBER && kind(p0) != Kind.STRING))) {
            return -1;
        }
        int bc = matching(i);
        int p = next(bc + 1, to);
        if (!is(p, "(")) return -1;
        int pc = matching(p);
        if (!hasTopLevel(p, pc, "...")) return -1;
        out.append("[__sc](");
        range(i + 1, bc, sc);
        out.append(", [");
        range(p + 1, pc, sc);
        out.append("])");
        return pc + 1;
    }

    /** {@code new C(...)} / {@code new a.b.C(...)} with a spread argument: {@code __new(C, [...])}. */
    private int spreadNew(int i, int to, Scope sc) {
        int k = next(i + 1, to);
        if (!ident(k)) return -1;
        int end = k;
        while (is(next(end + 1, to), ".") && ident(next(next(end + 1, to) + 1, to))) end = next(next(end + 1, to) + 1, to);
        int p = next(end + 1, to);
        if (!is(p, "(")) return -1;
        int pc = matching(p);
        if (!hasTopLevel(p, pc, "...")) return -1;
        out.append("__new(");
        range(k, end + 1, sc);
        out.append(", [");
        range(p + 1, pc, sc);
        out.append("])");
        return pc + 1;
    }

    /** super(...) and super.x in a derived constructor; super.m(...spread) anywhere. */
    private int superRef(int i, int to, Scope sc) {
        int n = next(i + 1, to);
        if (sc.derivedClass != null && is(n, "(")) {
            int pc = matching(n);
            out.append("($__this = __construct($__super, [");
            range(n + 1, pc, sc);
            out.append("], this), __initFields($__this, ").append(sc.derivedClass).append("), $__this)");
            return pc + 1;
        }
        if (!is(n, ".")) return -1;
        int name = next(n + 1, to);
        if (!ident(name)) return -1;
        String base = sc.derivedClass != null ? "$__super.prototype." : "super.";
        int p = next(name + 1, to);
        if (is(p, "(")) {
            int pc = matching(p);
            boolean spread = hasTopLevel(p, pc, "...");
            if (sc.derivedClass == null && !spread) return -1;
            out.append(base).append(text(name));
            if (spread) {
                out.append(".apply(").append(thisText(sc)).append(", [");
                range(p + 1, pc, sc);
                out.append("])");
            } else {
                out.append(".call(").append(thisText(sc));
                if (next(p + 1, pc) < pc) out.append(", ");
                range(p + 1, pc, sc);
                out.append(")");
            }
            return pc + 1;
        }
        if (sc.derivedClass == null) return -1;
        out.append(base);
        return n + 1;
    }

    // --- functions and arrows -----------------------------------------------------------------------

    /** A {@code function}: its body has its own this (a derived constructor's this does not reach in). */
    private int function(int i, int to) {
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
        emit(i, p + 1);
        range(p + 1, pc, Scope.NONE);
        emit(pc, b + 1);
        range(b + 1, bc, Scope.NONE);
        out.append('}');
        return bc + 1;
    }

    private int asyncArrow(int i, int to, Scope sc) {
        int j = next(i + 1, to);
        if (!is(j, "(") || newlineBetween(i, j)) return -1;
        int pc = matching(j);
        if (!is(next(pc + 1, to), "=>")) return -1;
        return arrow(j, i, to, sc);
    }

    /**
     * An arrow whose parameter list Rhino refuses (rest parameter, object pattern with defaults)
     * becomes a function with those parameters bound to the arrow's this; others are left alone
     * (their bodies are still lowered).
     */
    private int arrow(int p, int asyncAt, int to, Scope sc) {
        int pc = matching(p);
        int a = next(pc + 1, to);
        if (!needsLowering(p, pc)) {
            if (asyncAt >= 0) emit(asyncAt, p);
            out.append('(');
            range(p + 1, pc, sc);
            emit(pc, a + 1);
            return arrowBody(a, to, sc, false);
        }
        out.append("__arrow(").append(thisText(sc)).append(", ");
        if (asyncAt >= 0) out.append("async ");
        out.append("function(");
        range(p + 1, pc, sc);
        out.append(')');
        emit(pc + 1, a); // whitespace between ")" and "=>"
        int end = arrowBody(a, to, sc, true);
        out.append(')');
        return end;
    }

    /** Emits the body after "=>" at a (as a function body when lowered); returns the index after it. */
    private int arrowBody(int a, int to, Scope sc, boolean lowered) {
        int b = next(a + 1, to);
        String gap = toksText(a + 1, b);
        if (is(b, "{")) {
            int bc = matching(b);
            out.append(gap).append('{');
            range(b + 1, bc, sc);
            out.append('}');
            return bc + 1;
        }
        int e = expressionEnd(b, to);
        out.append(gap);
        if (lowered) out.append("{ return (");
        range(b, e, sc);
        if (lowered) out.append("); }");
        return e;
    }

    /** Appends the line breaks of the space tokens in [from, to) (text dropped from the output). */
    private void newlines(int from, int to) {
        for (int k = from; k < to; k++) {
            if (!space(k)) continue;
            String t = text(k);
            for (int c = 0; c < t.length(); c++) if (t.charAt(c) == '\n') out.append('\n');
        }
    }

    private String toksText(int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) b.append(toks.get(i).text);
        return b.toString();
    }

    private boolean needsLowering(int p, int pc) {
        if (hasTopLevel(p, pc, "...")) return true;
        for (int k = p + 1; k < pc; k++) {
            if (is(k, "{")) {
                int kc = matching(k);
                for (int m = k + 1; m < kc; m++) if (is(m, "=") || is(m, "...")) return true;
                k = kc;
            }
        }
        return false;
    }

    // --- declarations with rest elements ------------------------------------------------------------

    /** {@code let [a, ...r] = E} / {@code const {a, ...r} = E}: rest elements Rhino refuses. */
    private int declaration(int i, int to, Scope sc) {
        int pat = next(i + 1, to);
        if (!is(pat, "[") && !is(pat, "{")) return -1;
        int pe = matching(pat);
        int eq = next(pe + 1, to);
        if (!is(eq, "=")) return -1;
        List<int[]> elements = elements(pat, pe);
        if (elements.isEmpty()) return -1;
        int[] last = elements.get(elements.size() - 1);
        int restDots = next(last[0], last[1]);
        if (!is(restDots, "...")) return -1;
        int restName = next(restDots + 1, last[1]);
        if (!ident(restName) || next(restName + 1, last[1]) != last[1]) return -1;
        int init = next(eq + 1, to);
        int e = expressionEnd(init, to);
        String tmp = "$__d" + (++unique);
        emit(i, pat); // "let "
        out.append(tmp).append(" = ").append(is(pat, "[") ? "__arr(" : "(");
        range(init, e, sc);
        out.append("), ");
        // the pattern without its rest element
        out.append(is(pat, "[") ? '[' : '{');
        int keepEnd = elements.size() > 1 ? elements.get(elements.size() - 2)[1] : pat + 1;
        range(pat + 1, keepEnd, sc);
        out.append(is(pat, "[") ? ']' : '}');
        out.append(" = ").append(tmp).append(", ").append(text(restName)).append(" = ");
        if (is(pat, "[")) {
            out.append(tmp).append(".slice(").append(elements.size() - 1).append(')');
        } else {
            out.append("__objRest(").append(tmp).append(", [");
            for (int k = 0; k < elements.size() - 1; k++) {
                if (k > 0) out.append(", ");
                int key = next(elements.get(k)[0], elements.get(k)[1]);
                if (is(key, "[")) range(key + 1, matching(key), sc);
                else if (kind(key) == Kind.STRING || kind(key) == Kind.NUMBER) out.append(text(key));
                else out.append('"').append(text(key)).append('"');
            }
            out.append("])");
        }
        // keep the line breaks of what was not emitted (the rest element, around "=")
        newlines(keepEnd, pe);
        newlines(pe + 1, init);
        return e;
    }

    /** The top-level elements of the pattern [open, close]: [start, end) index pairs split on ','. */
    private List<int[]> elements(int open, int close) {
        List<int[]> r = new ArrayList<>();
        int start = open + 1;
        for (int k = open + 1; k < close; k++) {
            if (is(k, ",")) {
                r.add(new int[] {start, k});
                start = k + 1;
            } else if (opens(k)) {
                k = matching(k);
            }
        }
        if (next(start, close) < close) r.add(new int[] {start, close});
        return r;
    }

    // --- classes ------------------------------------------------------------------------------------

    /** A class declaration or expression at i. */
    private int classDefinition(int i, int to, Scope sc) {
        int k = next(i + 1, to);
        String name = null;
        if (ident(k) && !is(k, "extends")) {
            name = text(k);
            k = next(k + 1, to);
        }
        String inferred = null;
        if (name == null && is(prev(i), "=") && ident(prev(prev(i)))) inferred = text(prev(prev(i))); // const C = class {}
        boolean hasExtends = is(k, "extends");
        int heritageStart = -1;
        int body = k;
        if (hasExtends) {
            heritageStart = next(k + 1, to);
            body = heritageStart;
            while (body < to && !(is(body, "{") && endsExpression(prev(body)) && body > heritageStart)) {
                if (opens(body) && !is(body, "{")) body = matching(body);
                body++;
            }
        }
        if (!is(body, "{")) return -1;
        int end = matching(body);
        boolean declaration = name != null && isStatementStart(i);
        String cls = name != null ? name : inferred != null ? inferred : "$__C" + (++unique);
        if (declaration) out.append("var ").append(cls).append(" = ");
        out.append("(function(){ var $__super = ");
        if (hasExtends) {
            out.append('(');
            range(heritageStart, body, sc);
            out.append(')');
        } else {
            out.append("undefined");
        }
        out.append("; __cls(").append(cls).append(", $__super, ").append(hasExtends).append("); ");
        if (!hasConstructor(body, end)) {
            out.append("function ").append(cls).append(hasExtends ? "(...$__a) {" : "() {").append(newCheck(cls));
            if (hasExtends) {
                out.append(" var $__this = __construct($__super, $__a, this); __initFields($__this, ").append(cls)
                        .append("); return $__this; }");
            } else {
                out.append(" __initFields(this, ").append(cls).append("); }");
            }
        }
        // keep the line breaks of the heading (the extends expression emitted its own)
        newlines(i, hasExtends ? heritageStart : body);
        members(body, end, cls, hasExtends);
        out.append(" return ").append(cls).append("; })()");
        if (declaration) out.append(';');
        return end + 1;
    }

    private static String newCheck(String cls) {
        return " if (!(this instanceof " + cls + ")) throw new TypeError(\"Class constructor " + cls
                + " cannot be invoked without 'new'\");";
    }

    private boolean isStatementStart(int i) {
        int p = prev(i);
        if (p < 0) return true;
        Token t = toks.get(p);
        return t.is(";") || t.is("{") || t.is("}") || (t.kind == Kind.IDENT && (t.text.equals("else") || t.text.equals("do")))
                || (newlineBetween(p, i) && endsExpression(p)); // automatic semicolon insertion
    }

    private boolean hasConstructor(int body, int end) {
        for (int k = body + 1; k < end; k++) {
            if (is(k, "constructor") && is(next(k + 1, end), "(") && !is(prev(k), "static") && !is(prev(k), ".")) {
                int pc = matching(next(k + 1, end));
                if (is(next(pc + 1, end), "{")) return true;
            }
            if (opens(k)) k = matching(k);
        }
        return false;
    }

    /** The class body's members, in source order. */
    private void members(int body, int end, String cls, boolean derived) {
        int i = body + 1;
        while (i < end) {
            if (space(i)) {
                out.append(text(i));
                i++;
                continue;
            }
            if (is(i, ";")) {
                i++;
                continue;
            }
            int start = i;
            boolean isStatic = false;
            int k = i;
            if (is(k, "static")) {
                int n = next(k + 1, end);
                if (!is(n, "(") && !is(n, "=") && !is(n, ";") && !is(n, "}")) {
                    isStatic = true;
                    k = n;
                }
            }
            if (isStatic && is(k, "{")) {
                // static initialization block
                int bc = matching(k);
                out.append("(function(){");
                range(k + 1, bc, Scope.NONE);
                out.append("}).call(").append(cls).append(");");
                i = bc + 1;
                continue;
            }
            int keyStart = k;
            // modifiers: async, *, get, set (each also a valid member name)
            while (true) {
                int n = next(k + 1, end);
                boolean modifier = (is(k, "async") && !newlineBetween(k, n)) || is(k, "get") || is(k, "set");
                if (is(k, "*")) {
                    k = n;
                    continue;
                }
                if (modifier && !is(n, "(") && !is(n, "=") && !is(n, ";") && !is(n, "}")) {
                    k = n;
                    continue;
                }
                break;
            }
            int key = k;
            int afterKey = is(key, "[") ? matching(key) : is(key, "#") ? key + 1 : key;
            int p = next(afterKey + 1, end);
            if (is(p, "(")) {
                int pc = matching(p);
                int b = next(pc + 1, end);
                int bc = matching(b);
                if (!isStatic && keyStart == key && is(key, "constructor")) {
                    constructor(p, pc, b, bc, cls, derived);
                } else {
                    String target = isStatic ? cls : cls + ".prototype";
                    String parent = derived ? (isStatic ? "$__super" : "$__super.prototype")
                            : (isStatic ? "Function.prototype" : "Object.prototype");
                    out.append("__defs(").append(target).append(", {__proto__: ").append(parent).append(", ");
                    if (isStatic) {
                        for (int s = start + 1; s < keyStart; s++) if (space(s)) out.append(text(s)); // drop "static"
                    }
                    range(keyStart, bc + 1, Scope.NONE);
                    out.append("});");
                }
                i = bc + 1;
                continue;
            }
            // a field: key [= initializer] [;], initialized by a shorthand method (so super works)
            int e;
            String parent = derived ? (isStatic ? "$__super" : "$__super.prototype")
                    : (isStatic ? "Function.prototype" : "Object.prototype");
            out.append(isStatic ? "({__proto__: " + parent + ", i() { " : "__field(" + cls + ", {__proto__: " + parent + ", i() { ");
            boolean priv = is(key, "#");
            if (priv) out.append("__hide(this, \"$__priv_").append(text(key + 1)).append("\", ");
            else out.append("this");
            if (priv) {
                // the name is in the call
            } else if (is(key, "[")) {
                out.append('[');
                range(key + 1, afterKey, Scope.NONE);
                out.append(']');
            } else if (ident(key)) {
                out.append('.').append(text(key));
            } else {
                out.append('[').append(text(key)).append(']');
            }
            if (!priv) out.append(" = ");
            if (is(p, "=")) {
                int init = next(p + 1, end);
                e = expressionEnd(init, end);
                newlines(afterKey + 1, init);
                out.append('(');
                range(init, e, Scope.NONE);
                out.append(')');
            } else {
                e = afterKey + 1;
                out.append("void 0");
            }
            if (priv) out.append(')');
            out.append(isStatic ? "; }}).i.call(" + cls + ");" : "; }}.i);");
            int semi = next(e, end);
            if (is(semi, ";")) {
                newlines(e, semi);
                i = semi + 1;
            } else {
                i = e;
            }
        }
    }

    /** {@code constructor(params) { body }} as the class function. */
    private void constructor(int p, int pc, int b, int bc, String cls, boolean derived) {
        out.append("function ").append(cls).append('(');
        range(p + 1, pc, Scope.NONE);
        out.append(')');
        emit(pc + 1, b);
        out.append('{').append(newCheck(cls));
        if (derived) {
            out.append(" var $__this;");
            Scope sc = new Scope(cls);
            constructorBody(b + 1, bc, sc);
            out.append("; return $__this;}");
        } else {
            out.append(" __initFields(this, ").append(cls).append(");");
            range(b + 1, bc, Scope.NONE);
            out.append('}');
        }
    }

    /** A derived constructor's body: "return;" returns the object super() made. */
    private void constructorBody(int from, int to, Scope sc) {
        int i = from;
        while (i < to) {
            if (is(i, "return") && is(next(i + 1, to), ";")) {
                out.append("return $__this");
                i++;
                continue;
            }
            int handled = step(i, to, sc);
            if (handled >= 0) {
                i = handled;
                continue;
            }
            if (is(i, "{")) {
                // nested blocks of the constructor (if/for...): returns inside them too
                int c = matching(i);
                out.append('{');
                constructorBody(i + 1, c, sc);
                out.append('}');
                i = c + 1;
                continue;
            }
            out.append(text(i));
            i++;
        }
    }
}
